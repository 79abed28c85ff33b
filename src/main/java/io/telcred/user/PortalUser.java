package io.telcred.user;

import java.time.Instant;

/** A person who signs in to the portal, in exactly one account. Only a hash of the password is kept. */
public record PortalUser(String id, String accountId, String email, Role role, String passwordHash, Instant createdAt) {

    public boolean owner() {
        return role == Role.OWNER;
    }

    /** Leaves out the password hash: this may end up in a log line. */
    @Override
    public String toString() {
        return "PortalUser[id=" + id + ", account=" + accountId + ", email=" + email + ", role=" + role + "]";
    }
}
