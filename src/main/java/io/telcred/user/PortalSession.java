package io.telcred.user;

import java.time.Instant;

/** A signed-in browser: the hash of the token in its cookie, and whose it is. */
public record PortalSession(String tokenHash, String userId, Instant createdAt, Instant expiresAt) {
}
