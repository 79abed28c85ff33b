package io.telcred.directory;

/** Which kind of credential a login name belongs to. */
public enum LoginKind {
    /** A connection's own {@code user_name}. */
    CONNECTION,
    /** An on-demand credential's {@code sip_username}. */
    CREDENTIAL
}
