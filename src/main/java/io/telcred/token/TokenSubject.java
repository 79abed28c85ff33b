package io.telcred.token;

import java.time.Instant;
import java.util.Objects;

/**
 * The credential a token speaks for, as the credential service sees it now. {@code mayLogIn} is
 * false when the credential, or its connection, is inactive or the credential has expired;
 * {@code expiresAt} is null for a credential that never expires. {@code tokenGeneration} goes up
 * each time the credential is deactivated; a token carries the generation it was made in, so tokens
 * made before a deactivation stay dead after the credential is activated again.
 */
public record TokenSubject(String credentialId, String accountId, String sipUsername, boolean mayLogIn,
                           Instant expiresAt, int tokenGeneration) {

    public TokenSubject {
        Objects.requireNonNull(credentialId, "credentialId");
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /**
     * Why no token may be made for this credential, or accepted from it, now; null when one may.
     * The one place that judges it, for the issuer and the verifier alike.
     */
    public String whyNoToken(Instant now) {
        if (expiredAt(now)) {
            return "The credential has expired";
        }
        return mayLogIn ? null : "The credential or its connection is inactive";
    }
}
