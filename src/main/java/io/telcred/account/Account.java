package io.telcred.account;

import java.time.Instant;

/** A tenant: every connection, credential and API key belongs to exactly one account. */
public record Account(String id, String name, boolean isDefault, Instant createdAt) {
}
