package io.telcred.auth;

/**
 * Where the nodes of a cluster count authentication failures together, so that a guesser gains
 * nothing by spreading guesses over the nodes. The limiter tells it of each failure and success it
 * counts itself, and never waits for it; a ban or refusal the shared counts lead to comes back to
 * every node's limiter as an event ({@link io.telcred.event.DomainEvent.SourceBanned},
 * {@link io.telcred.event.DomainEvent.PairRefused}). A single node shares with no one.
 *
 * @see AuthFailureLimiter
 */
public interface SharedFailures {

    SharedFailures NONE = new SharedFailures() {
        @Override
        public void failed(String source, String user, boolean unknownUser) {
        }

        @Override
        public void succeeded(String source, String user) {
        }
    };

    /**
     * A failure from {@code source} (an IPv4 address, or an IPv6 /64, as text) for {@code user} (a
     * salted digest of the user name, the same on every node).
     */
    void failed(String source, String user, boolean unknownUser);

    /** A success: forgives the pair's failures, as the limiter does. */
    void succeeded(String source, String user);
}
