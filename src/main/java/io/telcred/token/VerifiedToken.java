package io.telcred.token;

import java.time.Instant;

/** A token that passed every check, and whose credential it logs in. */
public record VerifiedToken(String credentialId, String accountId, String sipUsername, String jti, Instant expiresAt) {
}
