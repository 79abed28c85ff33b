package io.telcred.common;

/**
 * A request the domain refuses, carrying what is safe to tell the client: the kind of problem, a
 * detail sentence, and the field it is about, by its name as the API and the portal write it
 * ({@code user_name}, or {@code inbound.codecs.1} inside settings). Nothing in it comes from SQL
 * or a stack trace; a door turns the field into its own terms (a JSON pointer, a form field).
 */
public final class DomainException extends RuntimeException {

    private final Problem problem;
    private final String field;

    private DomainException(Problem problem, String detail, String field) {
        super(detail, null, false, false);
        this.problem = problem;
        this.field = field;
    }

    /** A bad value of {@code field}. */
    public static DomainException invalid(String field, String detail) {
        return new DomainException(Problem.INVALID_VALUE, detail, field);
    }

    /** A request that is well formed but cannot be done in the object's present state (422, no field). */
    public static DomainException refused(String detail) {
        return new DomainException(Problem.INVALID_VALUE, detail, null);
    }

    public static DomainException missing(String field) {
        return new DomainException(Problem.MISSING_PARAMETER, "The '" + field + "' parameter is required.", field);
    }

    public static DomainException duplicate(String field, String detail) {
        return new DomainException(Problem.DUPLICATE, detail, field);
    }

    public static DomainException associationNotFound(String field, String detail) {
        return new DomainException(Problem.ASSOCIATION_NOT_FOUND, detail, field);
    }

    public static DomainException notFound(String detail) {
        return new DomainException(Problem.NOT_FOUND, detail, null);
    }

    public static DomainException invalidId(String detail) {
        return new DomainException(Problem.INVALID_ID, detail, null);
    }

    public static DomainException of(Problem problem, String detail) {
        return new DomainException(problem, detail, null);
    }

    public Problem problem() {
        return problem;
    }

    public String detail() {
        return getMessage();
    }

    /** The field the problem is about, dotted for nested fields and list items; null when it is about none. */
    public String field() {
        return field;
    }
}
