package io.telcred.turn;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One TURN credential with the URIs it works on.
 *
 * @param username  {@code <expiry as Unix seconds>:<user id>}, what the TURN server reads the expiry from
 * @param password  base64 of HMAC-SHA1(shared secret, username); not shown by {@link #toString()}
 * @param ttl       how long it lives from now
 * @param expiresAt when the TURN server stops accepting it: the time in the username
 */
public record TurnCredential(String username, String password, Duration ttl, Instant expiresAt, List<String> uris) {

    public TurnCredential {
        uris = List.copyOf(uris);
    }

    @Override
    public String toString() {
        return "TurnCredential[username=" + username + ", expiresAt=" + expiresAt + ", uris=" + uris + "]";
    }
}
