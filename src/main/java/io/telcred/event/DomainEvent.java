package io.telcred.event;

/**
 * Something that changed who may log in (a phone, a browser, an API client, a portal user) or
 * what a node must know to judge it. Every node acts on each one: made here, it is also sent to
 * the other nodes of a cluster.
 */
public sealed interface DomainEvent {

    /**
     * A login name (a connection's user name or a credential's SIP user name) was created, edited,
     * deactivated or deleted. {@code revoked} is true when its holder may no longer log in, so that
     * live registrations and sessions of it end.
     *
     * @param credentialId the on-demand credential's id, or null for a connection's own login
     */
    record LoginChanged(String loginName, String credentialId, boolean revoked) implements DomainEvent {

        public static LoginChanged ofConnection(String userName, boolean revoked) {
            return new LoginChanged(userName, null, revoked);
        }
    }

    /**
     * A connection was edited or deleted. {@code revoked} is true when it became inactive or was
     * deleted: every login under it ends.
     */
    record ConnectionChanged(long connectionId, boolean revoked) implements DomainEvent {
    }

    /** An API key was revoked: no cached look-up may let it in any more. */
    record ApiKeyRevoked(String keyId) implements DomainEvent {
    }

    /** A portal session ended (signed out, or its user removed): no cached look-up may let it in any more. */
    record PortalSessionEnded() implements DomainEvent {
    }

    /** The token signing key was rotated: sign with the new one from now on. */
    record SigningKeyRotated(String kid) implements DomainEvent {
    }

    /**
     * The failures of a source, counted on every node of a cluster, banned it (see
     * {@code auth.AuthFailureLimiter}) until {@code untilMillis} (epoch milliseconds).
     *
     * @param source an IPv4 address, or an IPv6 /64, as {@code auth.SharedFailures} names it
     */
    record SourceBanned(String source, long untilMillis) implements DomainEvent {
    }

    /**
     * The failures of one user name from one source, counted on every node of a cluster, refused
     * the pair until {@code untilMillis}.
     *
     * @param user the salted digest of the user name that every node of the cluster computes alike
     */
    record PairRefused(String source, String user, long untilMillis) implements DomainEvent {
    }

    /**
     * Changes may have been made that this node was not told of (it was cut off from the other
     * nodes for a while): forget everything cached, and check every live login against the store.
     */
    record ChangesMissed() implements DomainEvent {
    }
}
