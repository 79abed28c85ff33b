package io.telcred.location;

import java.time.Instant;

/**
 * One live registration: a login name reachable at a contact, over a transport, from a source
 * address, until it expires.
 *
 * @param credentialId the on-demand credential's id, or null for a connection's own login
 */
public record Binding(String loginName, String accountId, long connectionId, String credentialId, String contact,
                      Transport transport, String sourceAddress, int sourcePort, String userAgent,
                      Instant registeredAt, Instant expiresAt) {

    public boolean live(Instant now) {
        return expiresAt.isAfter(now);
    }
}
