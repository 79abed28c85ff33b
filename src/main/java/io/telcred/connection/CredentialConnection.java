package io.telcred.connection;

import io.telcred.secret.SipSecret;
import java.time.Instant;

/**
 * A SIP connection of type "credentials": its own login ({@code userName} and the sealed password)
 * and the settings the API stores for it.
 */
public record CredentialConnection(long id, String accountId, String connectionName, String userName,
                                   SipSecret secret, boolean active, ConnectionSettings settings,
                                   Instant createdAt, Instant updatedAt) {

    /** The owner string that binds the sealed password to this row. */
    public String secretOwner() {
        return ownerOf(id);
    }

    public static String ownerOf(long id) {
        return "connection:" + id;
    }

    public String idText() {
        return Long.toString(id);
    }

    @Override
    public String toString() {
        return "CredentialConnection[id=" + id + ", account=" + accountId + ", user=" + userName + ", active=" + active + "]";
    }
}
