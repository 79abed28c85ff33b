package io.telcred.http;

import io.telcred.common.Problem;

/** A request refused by the HTTP door itself (framing, media type, query parameters, authentication, rate). */
final class RequestRefused extends RuntimeException {

    private final int status;
    private final Problem problem;
    private final String parameter;
    private final long retryAfterSeconds;

    RequestRefused(int status, Problem problem, String detail) {
        this(status, problem, detail, null, 0);
    }

    private RequestRefused(int status, Problem problem, String detail, String parameter, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.problem = problem;
        this.parameter = parameter;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The server cannot take the request now (503), and says when to try again. */
    static RequestRefused retryLater(Problem problem, String detail, long retryAfterSeconds) {
        return new RequestRefused(503, problem, detail, null, retryAfterSeconds);
    }

    /** A bad query parameter (400), named as the client sent it (for example {@code page[size]}). */
    static RequestRefused badParameter(String parameter, String detail) {
        return new RequestRefused(400, Problem.INVALID_VALUE, detail, parameter, 0);
    }

    int status() {
        return status;
    }

    Problem problem() {
        return problem;
    }

    /** Seconds the client should wait before retrying, or 0 for no Retry-After. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The query parameter at fault, or null. */
    String parameter() {
        return parameter;
    }
}
