package io.telcred.store;

import java.time.Duration;
import org.jdbi.v3.core.config.JdbiConfig;

/**
 * How long clients are told to wait when the database cannot be reached: carried in the Jdbi's
 * configuration, so every repository made on a {@link Database} tells the configured time.
 */
public final class RetryAfter implements JdbiConfig<RetryAfter> {

    private Duration duration = Sql.DEFAULT_RETRY_AFTER;

    public RetryAfter() {
    }

    private RetryAfter(RetryAfter other) {
        this.duration = other.duration;
    }

    Duration duration() {
        return duration;
    }

    RetryAfter duration(Duration duration) {
        this.duration = duration;
        return this;
    }

    @Override
    public RetryAfter createCopy() {
        return new RetryAfter(this);
    }
}
