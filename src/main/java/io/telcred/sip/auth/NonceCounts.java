package io.telcred.sip.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Replay protection for digest responses: each (nonce, nc) pair is accepted once (RFC 7616 §3.4:
 * the server remembers the nonce counts it has seen). Stateless nonces cannot do this alone, so
 * this is the one piece of per-nonce state, kept small and bounded.
 *
 * <p>Per nonce it keeps the highest nc seen and a 64-bit bitmap of the 64 counts at and below it,
 * like the IPsec anti-replay window (RFC 4303 §3.4.3): a client that sends requests in parallel
 * (a REGISTER and an INVITE with nc 5 and 4 arriving swapped) is served, each count once; a count
 * more than {@value #WINDOW} behind the highest is refused, as its bit is gone.
 *
 * <p>Call it only after the digest response has been verified: then only someone who knows the
 * password can create an entry, and a stranger cannot flood the table. Retransmissions of one
 * request carry the same nc, so the transaction layer must absorb them before authentication
 * (Kamailio's {@code nonce_count} requires the same). Entries are forgotten after the nonce
 * lifetime plus {@link NonceService#MAX_FUTURE_SKEW}, when the nonce would be STALE anyway; if more
 * than {@code maximumNonces} are live, the least useful are dropped, and a dropped nonce's counts
 * could be replayed until it goes stale, so size the bound above the authentications per lifetime.
 *
 * <p>Thread-safe; never blocks on I/O (Caffeine's maintenance runs on the calling thread).
 */
public final class NonceCounts {

    /**
     * Enough for one million authentications per 5-minute lifetime (3,300 per second). An entry
     * costs about 150 bytes (measured), so this bound caps the table near 150 MB; it only fills
     * that far under that much traffic, as entries leave with their nonce's lifetime.
     */
    public static final long DEFAULT_MAXIMUM_NONCES = 1_000_000;
    /** How far behind the highest nc an out-of-order count may be and still be accepted once. */
    public static final int WINDOW = 64;
    /** An nc-value is exactly 8 hex digits (RFC 7616 §3.4: nc-value = 8LHEX). */
    public static final int NC_LENGTH = 8;
    /** Longest nonce or response text looked at; ours are 43 characters, SHA-256 responses 64. */
    public static final int MAX_TEXT_LENGTH = 256;

    /** Marks an RFC 2069 response (no qop, no nc) as used. */
    private static final Object USED_ONCE = Boolean.TRUE;

    private final Cache<Long, Object> seen;

    public NonceCounts(Duration nonceLifetime, Clock clock) {
        this(nonceLifetime, DEFAULT_MAXIMUM_NONCES, clock);
    }

    public NonceCounts(Duration nonceLifetime, long maximumNonces, Clock clock) {
        Objects.requireNonNull(nonceLifetime, "nonceLifetime");
        Objects.requireNonNull(clock, "clock");
        if (nonceLifetime.isNegative() || nonceLifetime.isZero()) {
            throw new IllegalArgumentException("the nonce lifetime must be positive");
        }
        if (maximumNonces < 1) {
            throw new IllegalArgumentException("maximumNonces must be positive");
        }
        // Keyed by a 64-bit digest of the nonce rather than its text: about half the memory per
        // entry, and a collision (odds of 1 in 2^64 per pair) can only refuse a request, never admit one.
        this.seen = Caffeine.newBuilder()
                .maximumSize(maximumNonces)
                .expireAfterWrite(nonceLifetime.plus(NonceService.MAX_FUTURE_SKEW))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
    }

    /**
     * True the first time this (nonce, nc) pair is presented, false for a replay, a count more than
     * {@value #WINDOW} behind the highest seen for the nonce, or an nc that is not 8 hex digits or is
     * zero.
     */
    public boolean firstUse(String nonce, String nc) {
        long count = parseNc(nc);
        if (count <= 0 || !reasonable(nonce)) {
            return false;
        }
        boolean[] accepted = new boolean[1];
        seen.asMap().compute(key("nc", nonce, ""), (k, existing) -> {
            if (existing == null) {
                accepted[0] = true;
                return new CountWindow(count);
            }
            if (existing instanceof CountWindow window) {
                accepted[0] = window.accept(count);
            }
            return existing;
        });
        return accepted[0];
    }

    /**
     * For a response without qop (the RFC 2069 form) there is no nc to count: each exact response
     * to a nonce is accepted once. A client that sends two different requests with one nonce
     * computes two different responses (the URI or method differs) and both pass; a replay of
     * either does not.
     */
    public boolean firstUseWithoutCount(String nonce, String response) {
        if (!reasonable(nonce) || !reasonable(response)) {
            return false;
        }
        return seen.asMap().putIfAbsent(key("2069", nonce, response), USED_ONCE) == null;
    }

    /** How many nonces and RFC 2069 responses are remembered now. */
    public long trackedNonces() {
        seen.cleanUp();
        return seen.estimatedSize();
    }

    /** The nc as a number, or -1 unless it is exactly eight hex digits. */
    static long parseNc(String nc) {
        if (nc == null || nc.length() != NC_LENGTH) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < NC_LENGTH; i++) {
            int digit = Character.digit(nc.charAt(i), 16);
            if (digit < 0 || nc.charAt(i) > 'f') {
                return -1; // Character.digit also takes non-ASCII digits
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    private static boolean reasonable(String text) {
        return text != null && !text.isEmpty() && text.length() <= MAX_TEXT_LENGTH;
    }

    private static long key(String kind, String nonce, String response) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        // Lengths are implied: kind is fixed per call site, nonce and response are separated by a byte no text has.
        sha256.update(kind.getBytes(StandardCharsets.US_ASCII));
        sha256.update((byte) 0);
        sha256.update(nonce.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(response.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(sha256.digest()).getLong();
    }

    /** The highest nc seen for one nonce and which of the {@value #WINDOW} counts up to it were used. */
    private static final class CountWindow {

        private long highest;
        /** Bit i set: count {@code highest - i} was used. */
        private long used;

        CountWindow(long first) {
            highest = first;
            used = 1L;
        }

        /** Called only inside the cache's compute for this key, so never concurrently. */
        boolean accept(long count) {
            if (count > highest) {
                long shift = count - highest;
                used = shift >= WINDOW ? 1L : (used << shift) | 1L;
                highest = count;
                return true;
            }
            long behind = highest - count;
            if (behind >= WINDOW) {
                return false;
            }
            long bit = 1L << behind;
            if ((used & bit) != 0) {
                return false;
            }
            used |= bit;
            return true;
        }
    }
}
