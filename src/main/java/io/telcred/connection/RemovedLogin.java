package io.telcred.connection;

/** An on-demand credential that went with its connection: whose caches and sessions must end. */
public record RemovedLogin(String credentialId, String loginName) {
}
