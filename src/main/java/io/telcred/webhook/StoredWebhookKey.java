package io.telcred.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * The installation's webhook signing key as stored: the PKCS#8 private key sealed under the master
 * key, the raw 32-byte public key as standard base64.
 */
public record StoredWebhookKey(String privateKeySealed, String publicKey, Instant createdAt) {

    public StoredWebhookKey {
        Objects.requireNonNull(privateKeySealed, "privateKeySealed");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Leaves out the sealed private key: even encrypted, it has no business in a log line. */
    @Override
    public String toString() {
        return "StoredWebhookKey[publicKey=" + publicKey + ", createdAt=" + createdAt + "]";
    }
}
