package io.telcred.http;

import io.telcred.common.Problem;

/** A request refused by the HTTP door itself (framing, media type, authentication, rate). */
final class RequestRefused extends RuntimeException {

    private final int status;
    private final Problem problem;

    RequestRefused(int status, Problem problem, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.problem = problem;
    }

    int status() {
        return status;
    }

    Problem problem() {
        return problem;
    }
}
