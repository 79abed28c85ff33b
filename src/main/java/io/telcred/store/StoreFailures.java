package io.telcred.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.jdbi.v3.core.ConnectionException;

/**
 * Tells a failure that says "the database cannot be reached" (retry later) from one that says
 * "this statement is wrong" (a bug or a constraint): the first kind comes from the pool's
 * bounded wait, from a connection that broke, or from a server shutting down.
 */
final class StoreFailures {

    /** SQLSTATE class of connection exceptions (SQL standard; PostgreSQL and H2 both use it). */
    private static final String CONNECTION_EXCEPTION_CLASS = "08";
    /** PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now (a server stopping or starting). */
    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");
    /** H2: CONNECTION_BROKEN_1, DATABASE_IS_CLOSED. */
    private static final Set<Integer> H2_CONNECTION_LOST = Set.of(90067, 90098);

    private StoreFailures() {
    }

    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && connectionLost(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith(CONNECTION_EXCEPTION_CLASS) || SERVER_GOING_AWAY.contains(state))) {
            return true;
        }
        return H2_CONNECTION_LOST.contains(e.getErrorCode()) && state != null && state.equals(Integer.toString(e.getErrorCode()));
    }
}
