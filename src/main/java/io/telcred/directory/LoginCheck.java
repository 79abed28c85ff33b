package io.telcred.directory;

/** The answer to "is this secret good for this login name?". */
public record LoginCheck(Outcome outcome, Login login) {

    public enum Outcome {
        /** The secret is right and the holder may log in now. */
        ACCEPTED,
        /** No such login name. */
        UNKNOWN,
        /** The login exists but the secret is wrong. */
        WRONG_SECRET,
        /** The secret is right, but the credential or its connection is inactive, or it has expired. */
        NOT_ALLOWED
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }

    static LoginCheck unknown() {
        return new LoginCheck(Outcome.UNKNOWN, null);
    }
}
