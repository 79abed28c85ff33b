package io.telcred.user;

import java.time.Instant;

/** An owner's invitation for {@code email} to join the account; only a hash of its link's token is kept. */
public record Invite(String tokenHash, String accountId, String email, Role role, String invitedBy, Instant createdAt,
                     Instant expiresAt) {
}
