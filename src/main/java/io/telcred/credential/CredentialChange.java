package io.telcred.credential;

import java.time.Instant;

/** A change to an on-demand credential: each field null to keep it. */
public record CredentialChange(String connectionId, String name, String tag, Instant expiresAt) {
}
