package io.telcred.common;

/** The kinds of failure a request can meet, each with its wire code (spec/rest-v2.md). */
public enum Problem {
    MISSING_PARAMETER("10004", "Missing required parameter"),
    NOT_FOUND("10005", "Resource not found"),
    INVALID_ID("10006", "Invalid ID"),
    UNEXPECTED("10007", "Unexpected error"),
    AUTHENTICATION_FAILED("10009", "Authentication failed"),
    AUTHORIZATION_FAILED("10010", "Authorization failed"),
    TOO_MANY_REQUESTS("10011", "Too many requests"),
    DUPLICATE("10012", "Duplicate resource"),
    MISSING_ASSOCIATION("10013", "Missing association"),
    UNSUPPORTED_MEDIA_TYPE("10014", "Unsupported Media Type"),
    INVALID_VALUE("10015", "Bad Request"),
    ASSOCIATION_NOT_FOUND("10017", "Associated resource does not exist"),
    /** The hosted API's code for a request that could not be served in time: here, the database is unreachable (503). */
    UNAVAILABLE("10008", "Request timeout"),
    /** A call-control command for a call that ended (422). */
    CALL_ENDED("90018", "Call has already ended");

    private final String code;
    private final String title;

    Problem(String code, String title) {
        this.code = code;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }
}
