package io.telcred.auth;

import io.telcred.directory.Login;
import java.time.Duration;
import java.util.List;

/** What digest authentication of one request decided, whole: a door only renders it. */
public sealed interface AuthOutcome {

    /** Every {@link #kind()}, for counting outcomes. */
    List<String> KINDS = List.of("accepted", "challenged", "stale", "refused");

    /** What was decided, in a word: a delayed outcome is of the kind it delays. */
    String kind();

    /** The request carries a valid answer for a login that may log in now. */
    record Accepted(Login login) implements AuthOutcome {
        @Override
        public String kind() {
            return "accepted";
        }
    }

    /** Ask (again): no answer, a wrong one, an unknown user, a replay, or a stale nonce. */
    record Challenge(boolean stale) implements AuthOutcome {
        @Override
        public String kind() {
            return stale ? "stale" : "challenged";
        }
    }

    /**
     * Refuse for good (403): the answer is right but the credential, or its connection, may not
     * log in; or the user name has failed from this source too often lately.
     *
     * @param reason a short phrase, safe to show the client
     */
    record Refused(String reason) implements AuthOutcome {
        @Override
        public String kind() {
            return "refused";
        }
    }

    /**
     * The source has failed too often lately: give {@code outcome} only after {@code delay}, by
     * scheduling it, never by sleeping.
     */
    record Delayed(Duration delay, AuthOutcome outcome) implements AuthOutcome {
        @Override
        public String kind() {
            return outcome.kind();
        }
    }
}
