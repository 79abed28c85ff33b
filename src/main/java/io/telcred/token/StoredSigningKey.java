package io.telcred.token;

import java.time.Instant;
import java.util.Objects;

/**
 * A signing key as stored: the private JWK sealed under the master key, the public JWK in the
 * clear. {@code retiredAt} is null while the key still signs new tokens.
 */
public record StoredSigningKey(String kid, String privateKeySealed, String publicJwk, Instant createdAt, Instant retiredAt) {

    public StoredSigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(privateKeySealed, "privateKeySealed");
        Objects.requireNonNull(publicJwk, "publicJwk");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean retired() {
        return retiredAt != null;
    }

    /** Leaves out the sealed private key: even encrypted, it has no business in a log line. */
    @Override
    public String toString() {
        return "StoredSigningKey[kid=" + kid + ", createdAt=" + createdAt + ", retiredAt=" + retiredAt + "]";
    }
}
