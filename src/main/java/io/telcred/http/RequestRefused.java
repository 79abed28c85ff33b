package io.telcred.http;

import io.telcred.common.Problem;

/** A request refused by the HTTP door itself (framing, media type, query parameters, authentication, rate). */
final class RequestRefused extends RuntimeException {

    private final int status;
    private final Problem problem;
    private final String parameter;

    RequestRefused(int status, Problem problem, String detail) {
        this(status, problem, detail, null);
    }

    private RequestRefused(int status, Problem problem, String detail, String parameter) {
        super(detail, null, false, false);
        this.status = status;
        this.problem = problem;
        this.parameter = parameter;
    }

    /** A bad query parameter (400), named as the client sent it (for example {@code page[size]}). */
    static RequestRefused badParameter(String parameter, String detail) {
        return new RequestRefused(400, Problem.INVALID_VALUE, detail, parameter);
    }

    int status() {
        return status;
    }

    Problem problem() {
        return problem;
    }

    /** The query parameter at fault, or null. */
    String parameter() {
        return parameter;
    }
}
