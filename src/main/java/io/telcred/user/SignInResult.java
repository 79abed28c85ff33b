package io.telcred.user;

import java.time.Duration;
import java.time.Instant;

/** The outcome of a sign-in: a new session, a refusal (to be answered after {@code delay}), or a lock. */
public sealed interface SignInResult {

    /** Signed in; {@code token} goes in the session cookie and is never stored. */
    record SignedIn(PortalUser user, String token, Instant expiresAt) implements SignInResult {

        @Override
        public String toString() {
            return "SignedIn[" + user + "]";
        }
    }

    /** Wrong e-mail or password; the answer should be held back {@code delay} (zero unless slowed). */
    record Refused(Duration delay) implements SignInResult {
    }

    /** Too many failures: no sign-in, right password or not, for {@code retryAfter}. */
    record Locked(Duration retryAfter) implements SignInResult {
    }
}
