package io.telcred.store;

import io.telcred.common.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repositories' way into JDBI: the same calls, with a database that cannot be reached turned
 * into the domain's {@link StoreUnavailableException}, which the doors answer with "retry later".
 * Every other failure leaves as it came. While the database is down, every call is refused at once
 * and a probe in the background finds when it is back ({@link Outage}). An outage is logged once
 * per {@link #LOG_INTERVAL}, not once per request.
 */
final class Sql {

    private static final Logger LOG = LoggerFactory.getLogger(Sql.class);
    private static final long LOG_INTERVAL = TimeUnit.SECONDS.toNanos(10);
    /** What a client is told to wait when none is configured (repositories built by tests). */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(DatabaseSettings.RETRY_AFTER.defaultValue().toSeconds());

    private final Jdbi jdbi;
    private final Duration retryAfter;
    private final Outage outage;
    /** Shared by every repository: one outage, one line per interval. */
    private static final AtomicLong LAST_LOGGED = new AtomicLong(System.nanoTime() - LOG_INTERVAL);

    private Sql(Jdbi jdbi, RetryAfter config) {
        this.jdbi = jdbi;
        this.retryAfter = config.duration();
        this.outage = config.outage();
    }

    /** The Jdbi of a {@link Database} carries its retry time and its outage; any other gets its own. */
    static Sql of(Jdbi jdbi) {
        return new Sql(jdbi, jdbi.getConfig(RetryAfter.class));
    }

    <R> R withHandle(HandleCallback<R, RuntimeException> callback) {
        return call(() -> jdbi.withHandle(callback));
    }

    void useHandle(HandleConsumer<RuntimeException> consumer) {
        call(() -> {
            jdbi.useHandle(consumer);
            return null;
        });
    }

    <R> R inTransaction(HandleCallback<R, RuntimeException> callback) {
        return call(() -> jdbi.inTransaction(callback));
    }

    private <R> R call(Supplier<R> work) {
        if (outage.down()) {
            outage.probeIfDue(this::answers);
            throw new StoreUnavailableException("The database cannot be reached now.", retryAfter, null);
        }
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (StoreFailures.unreachable(e)) {
                outage.unreachable();
            }
            throw translate(e);
        }
    }

    /** Whether the database answers a trivial query; any answer, a refusal included, counts. */
    private boolean answers() {
        try {
            jdbi.useHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one());
            return true;
        } catch (RuntimeException e) {
            return !StoreFailures.unreachable(e);
        }
    }

    private RuntimeException translate(RuntimeException e) {
        if (e instanceof StoreUnavailableException || !StoreFailures.unreachable(e)) {
            return e;
        }
        long now = System.nanoTime();
        long last = LAST_LOGGED.get();
        if (now - last >= LOG_INTERVAL && LAST_LOGGED.compareAndSet(last, now)) {
            LOG.warn("the database cannot be reached; requests that need it are answered 'retry after {} s': {}",
                    retryAfter.toSeconds(), rootMessage(e));
        }
        return new StoreUnavailableException("The database cannot be reached now.", retryAfter, e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
