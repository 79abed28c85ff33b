package io.telcred.directory;

import io.telcred.secret.SipSecret;
import java.time.Instant;

/**
 * Who a login name is: its account, its connection, its own state, and the secret to check.
 * Whether it may log in right now also depends on the time and on its connection's state:
 * ask {@link Directory#mayLogIn(Login)}.
 *
 * @param credentialId the on-demand credential's id, or null for a connection's own login
 */
public record Login(LoginKind kind, String loginName, String accountId, long connectionId, String credentialId,
                    boolean active, Instant expiresAt, SipSecret secret) {

    public boolean expired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    @Override
    public String toString() {
        return "Login[" + kind + " " + loginName + ", account=" + accountId + ", connection=" + connectionId + "]";
    }
}
