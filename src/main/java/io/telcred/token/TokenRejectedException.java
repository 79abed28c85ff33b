package io.telcred.token;

/** A token that does not log anyone in. The message is safe to show to the client. */
public final class TokenRejectedException extends RuntimeException {

    public enum Reason {
        MALFORMED,
        ALGORITHM,
        UNKNOWN_KEY,
        SIGNATURE,
        EXPIRED,
        NOT_YET_VALID,
        CLAIMS,
        SUBJECT_REVOKED
    }

    private final Reason reason;

    public TokenRejectedException(Reason reason, String message) {
        // No stack trace: rejections are expected traffic, and their cause is the reason.
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
