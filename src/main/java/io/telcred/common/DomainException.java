package io.telcred.common;

/**
 * A request the domain refuses, carrying what is safe to tell the client: the kind of problem, a
 * detail sentence, and where in the request it lies (a JSON pointer into the body, or the name of
 * a query parameter). Nothing in it comes from SQL or a stack trace.
 */
public final class DomainException extends RuntimeException {

    private final Problem problem;
    private final String pointer;
    private final String parameter;

    private DomainException(Problem problem, String detail, String pointer, String parameter) {
        super(detail, null, false, false);
        this.problem = problem;
        this.pointer = pointer;
        this.parameter = parameter;
    }

    /** A bad value in the request body, at {@code pointer} (for example {@code /connection_id}). */
    public static DomainException invalid(String pointer, String detail) {
        return new DomainException(Problem.INVALID_VALUE, detail, pointer, null);
    }

    /** A request that is well formed but cannot be done in the object's present state (422, no pointer). */
    public static DomainException refused(String detail) {
        return new DomainException(Problem.INVALID_VALUE, detail, null, null);
    }

    public static DomainException missing(String pointer) {
        return new DomainException(Problem.MISSING_PARAMETER, "The '" + pointer.substring(1) + "' parameter is required.", pointer, null);
    }

    public static DomainException duplicate(String pointer, String detail) {
        return new DomainException(Problem.DUPLICATE, detail, pointer, null);
    }

    public static DomainException associationNotFound(String pointer, String detail) {
        return new DomainException(Problem.ASSOCIATION_NOT_FOUND, detail, pointer, null);
    }

    /** A bad query parameter, named as the client sent it (for example {@code page[size]}). */
    public static DomainException invalidParameter(String parameter, String detail) {
        return new DomainException(Problem.INVALID_VALUE, detail, null, parameter);
    }

    public static DomainException notFound(String detail) {
        return new DomainException(Problem.NOT_FOUND, detail, null, null);
    }

    public static DomainException invalidId(String detail) {
        return new DomainException(Problem.INVALID_ID, detail, null, null);
    }

    public static DomainException of(Problem problem, String detail) {
        return new DomainException(problem, detail, null, null);
    }

    public Problem problem() {
        return problem;
    }

    public String detail() {
        return getMessage();
    }

    /** JSON pointer into the request body, or null. */
    public String pointer() {
        return pointer;
    }

    /** Query parameter name, or null. */
    public String parameter() {
        return parameter;
    }
}
