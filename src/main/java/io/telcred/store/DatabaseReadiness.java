package io.telcred.store;

import io.telcred.common.Readiness;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database's part of readiness: a connection within the pool's timeout that passes its check.
 * The reason goes to the log (once per change), not to the unauthenticated caller, as it may name
 * hosts and ports.
 */
public final class DatabaseReadiness implements Readiness {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseReadiness.class);

    private final Database database;
    private final AtomicBoolean wasReady = new AtomicBoolean(true);

    public DatabaseReadiness(Database database) {
        this.database = database;
    }

    @Override
    public String state() {
        Optional<String> reason = database.unavailable();
        if (reason.isPresent() && wasReady.compareAndSet(true, false)) {
            LOG.warn("not ready: the database cannot be reached: {}", reason.get());
        } else if (reason.isEmpty() && wasReady.compareAndSet(false, true)) {
            LOG.info("ready: the database can be reached again");
        }
        return reason.isPresent() ? "unreachable" : OK;
    }
}
