package io.telcred.common;

/**
 * A 64-bit hash of a text (FNV-1a over its chars, then a final mix), for keeping a fingerprint of a
 * long text in memory instead of the text: two different texts share one about once in 2^64.
 * Not for secrets or anything an attacker gains by colliding.
 */
public final class Hash64 {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Hash64() {
    }

    public static long of(CharSequence text) {
        long hash = OFFSET;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * PRIME;
        }
        // FNV leaves the last chars' bits in the low half; mix them through (murmur3's finalizer).
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        return hash ^ hash >>> 33;
    }
}
