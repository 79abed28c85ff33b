package io.telcred.account;

import java.time.Instant;

/**
 * An API key as stored: only its hash is kept; {@code prefix} (the first characters) tells keys
 * apart in listings without revealing them.
 *
 * @param lastUsedAt when it last authenticated a request (to the minute), or null if never
 */
public record ApiKey(String id, String accountId, String keyHash, String prefix, String description,
                     Instant createdAt, Instant revokedAt, Instant lastUsedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }

    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", account=" + accountId + ", prefix=" + prefix + ", revoked=" + revoked() + "]";
    }
}
