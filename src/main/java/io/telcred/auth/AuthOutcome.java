package io.telcred.auth;

import io.telcred.directory.Login;
import java.time.Duration;

/** What digest authentication of one request decided, whole: a door only renders it. */
public sealed interface AuthOutcome {

    /** The request carries a valid answer for a login that may log in now. */
    record Accepted(Login login) implements AuthOutcome {
    }

    /** Ask (again): no answer, a wrong one, an unknown user, a replay, or a stale nonce. */
    record Challenge(boolean stale) implements AuthOutcome {
    }

    /**
     * Refuse for good (403): the answer is right but the credential, or its connection, may not
     * log in; or the user name has failed from this source too often lately.
     *
     * @param reason a short phrase, safe to show the client
     */
    record Refused(String reason) implements AuthOutcome {
    }

    /**
     * The source has failed too often lately: give {@code outcome} only after {@code delay}, by
     * scheduling it, never by sleeping.
     */
    record Delayed(Duration delay, AuthOutcome outcome) implements AuthOutcome {
    }
}
