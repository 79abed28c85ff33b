package io.telcred.credential;

import io.telcred.secret.SipSecret;
import java.time.Instant;

/**
 * An on-demand credential: one SIP identity under a connection, for one agent or customer.
 * {@code tokenGeneration} goes up when the credential is deactivated, so that login tokens minted
 * before that no longer work even after it is activated again.
 */
public record TelephonyCredential(String id, String accountId, long connectionId, String name, String tag,
                                  String sipUsername, SipSecret secret, boolean active, Instant expiresAt,
                                  int tokenGeneration, Instant createdAt, Instant updatedAt) {

    public boolean expired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    public CredentialStatus status(Instant now) {
        if (expired(now)) {
            return CredentialStatus.EXPIRED;
        }
        return active ? CredentialStatus.ACTIVE : CredentialStatus.INACTIVE;
    }

    public String secretOwner() {
        return ownerOf(id);
    }

    public static String ownerOf(String id) {
        return "credential:" + id;
    }

    @Override
    public String toString() {
        return "TelephonyCredential[id=" + id + ", account=" + accountId + ", user=" + sipUsername + ", active=" + active + "]";
    }
}
