package io.telcred.common;

import java.time.Duration;

/**
 * The store cannot be reached now: no connection came within the pool's bounded wait, or the one in
 * use broke (the database stopped, restarted or is cut off). Nothing is known to have changed, and
 * the same request may well succeed later, so a door answers "unavailable, retry after
 * {@link #retryAfter()}" (REST 503, SIP 503 with Retry-After) rather than an error of its own.
 */
public final class StoreUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public StoreUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long a client should wait before trying again. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The exception itself, or the first one of its kind among its causes (futures wrap it); null when none. */
    public static StoreUnavailableException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreUnavailableException unavailable) {
                return unavailable;
            }
        }
        return null;
    }
}
