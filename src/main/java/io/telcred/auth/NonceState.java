package io.telcred.auth;

/** What {@link NonceService#check(String)} found a nonce to be. */
public enum NonceState {
    /** Ours, untampered, younger than the nonce lifetime, and issued by this node. */
    VALID,
    /**
     * Ours and untampered, but older than the lifetime or issued by another node (whose replay
     * counts this node does not keep): if the digest response is right, challenge again with
     * {@code stale=true} so the client retries without asking its user for the password.
     */
    STALE,
    /** Not ours: garbled, tampered with, signed with another secret, or dated too far in the future. */
    INVALID
}
