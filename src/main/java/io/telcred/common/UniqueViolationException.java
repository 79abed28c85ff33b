package io.telcred.common;

/** The store refused a row because a unique column already holds its value (a lost race). */
public final class UniqueViolationException extends RuntimeException {

    public UniqueViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
