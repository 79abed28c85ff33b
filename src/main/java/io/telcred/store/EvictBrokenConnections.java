package io.telcred.store;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells the pool to drop a connection whose failure says it is broken, whatever the driver's
 * SQLSTATE: the pool knows PostgreSQL's states, not H2's over TCP (90067 "connection is broken"),
 * and a broken connection left in the pool fails the next request too.
 */
public final class EvictBrokenConnections implements SQLExceptionOverride {

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        return StoreFailures.unreachable(e) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
