package io.telcred.sip.core;

import io.telcred.directory.Login;

/** What digest authentication of one request decided. */
sealed interface AuthOutcome {

    /** The request carries a valid answer for a login that may log in now. */
    record Authenticated(Login login) implements AuthOutcome {
    }

    /** Ask (again): no answer, a wrong one, an unknown user, a replay, or a stale nonce. */
    record Challenge(boolean stale) implements AuthOutcome {
    }

    /** The answer is right but the credential, or its connection, may not log in. */
    record Forbidden(String reason) implements AuthOutcome {
    }
}
