package io.telcred.store;

import java.time.Duration;
import org.jdbi.v3.core.config.JdbiConfig;

/**
 * How long clients are told to wait when the database cannot be reached, and whether it could be
 * reached last time ({@link Outage}): carried in the Jdbi's configuration, so every repository made
 * on one {@link Database} tells the configured time and shares one view of the outage.
 */
public final class RetryAfter implements JdbiConfig<RetryAfter> {

    private Duration duration = Sql.DEFAULT_RETRY_AFTER;
    private final Outage outage;

    public RetryAfter() {
        this.outage = new Outage();
    }

    private RetryAfter(RetryAfter other) {
        this.duration = other.duration;
        this.outage = other.outage;
    }

    Outage outage() {
        return outage;
    }

    Duration duration() {
        return duration;
    }

    RetryAfter duration(Duration duration) {
        this.duration = duration;
        return this;
    }

    /** While the database is down, it is asked whether it is back at most once per {@code interval}. */
    RetryAfter probeInterval(Duration interval) {
        outage.probeInterval(interval);
        return this;
    }

    @Override
    public RetryAfter createCopy() {
        return new RetryAfter(this);
    }
}
