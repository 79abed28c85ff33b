package io.telcred.token;

import java.time.Instant;
import java.util.Objects;

/**
 * The credential a token speaks for, as the credential service sees it now. {@code mayLogIn} is
 * false when the credential, or its connection, is inactive or the credential has expired;
 * {@code expiresAt} is null for a credential that never expires. Tokens issued before
 * {@code tokensNotBefore} (moved forward on deactivation) no longer count.
 */
public record TokenSubject(String credentialId, String accountId, String sipUsername, boolean mayLogIn,
                           Instant expiresAt, Instant tokensNotBefore) {

    public TokenSubject {
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(tokensNotBefore, "tokensNotBefore");
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
