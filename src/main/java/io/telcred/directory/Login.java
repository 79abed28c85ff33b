package io.telcred.directory;

import io.telcred.secret.Ha1Hashes;
import java.time.Instant;

/**
 * Who a login name is: its account, its connection, its own state, and the HA1 values to check.
 * Whether it may log in right now also depends on the time and on its connection's state:
 * ask {@link Directory#mayLogIn(Login)}. The directory keeps one for every login in use, so it
 * holds nothing else: a million of them must fit in a few hundred megabytes.
 *
 * @param credentialId the on-demand credential's id, or null for a connection's own login
 */
public record Login(LoginKind kind, String loginName, String accountId, long connectionId, String credentialId,
                    boolean active, Instant expiresAt, Ha1Hashes ha1) {

    public boolean expired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /**
     * About what this login and its name take in memory (objects, headers, the texts it refers to),
     * for sizing the directory's cache by bytes.
     */
    int estimatedBytes() {
        return 48 + 64 + LoginSizes.text(loginName) + (credentialId == null ? 0 : LoginSizes.text(credentialId))
                + (expiresAt == null ? 0 : 24);
    }

    @Override
    public String toString() {
        return "Login[" + kind + " " + loginName + ", account=" + accountId + ", connection=" + connectionId + "]";
    }
}
