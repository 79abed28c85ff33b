package io.telcred.connection;

/** What logins and credential checks need of a connection: whose it is and whether it is active. */
public record ConnectionState(String accountId, boolean active) {
}
