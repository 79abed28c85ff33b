package io.telcred.common;

import org.slf4j.MDC;

/**
 * What a log line says about the work it is part of: the REST request's id, or the SIP message's
 * Call-ID. Put on the thread that does the work and taken off when it is done, since threads are
 * pooled; the JSON log format writes it into every line, so that one request's lines can be found
 * together.
 */
public final class LogContext {

    /** The id of an HTTP request, as its {@code X-Request-Id} answer header gives it. */
    public static final String REQUEST_ID = "request_id";
    /** The Call-ID of the SIP message being handled. */
    public static final String CALL_ID = "call_id";

    private LogContext() {
    }

    /** Puts {@code value} under {@code key} until the returned scope is closed; a null value puts nothing. */
    public static Scope with(String key, String value) {
        if (value == null) {
            return Scope.NOTHING;
        }
        MDC.put(key, value);
        return () -> MDC.remove(key);
    }

    /** A log context in place; closing it takes it off the thread. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {

        Scope NOTHING = () -> { };

        @Override
        void close();
    }
}
