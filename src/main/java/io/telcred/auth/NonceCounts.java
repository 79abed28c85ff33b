package io.telcred.auth;

import io.telcred.crypto.RandomStrings;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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
 * <p>Call it only with a nonce that {@link NonceService#check} found VALID, and after the digest
 * response has been verified: then only someone who knows the password can create an entry, and
 * a stranger cannot flood the table. An entry is keyed by 64 bits of the nonce's MAC
 * ({@link NonceService#macBits}), which no one without the secret can choose, so no hash is
 * computed per use; a text not shaped like our nonces is refused. Two nonces with the same key
 * (odds 1 in 2^64 per pair) share one window, which can only refuse a request, never admit one.
 * Retransmissions of one request carry the same nc, so the transaction layer must absorb them
 * before authentication (Kamailio's {@code nonce_count} requires the same).
 *
 * <p>Entries are forgotten after the nonce lifetime plus {@link NonceService#MAX_FUTURE_SKEW}, when
 * the nonce would be STALE anyway. Their memory goes in generations (see
 * {@link NonceCountStripe}): within twice that time, on the next use or, on an idle server, at a
 * sweep that runs every quarter of it. If more than {@code maximumNonces} are held, the oldest
 * are dropped early, and a dropped nonce's counts could be replayed until it goes stale, so size
 * the bound above twice the authentications per lifetime.
 *
 * <p>Thread-safe: the table is split into stripes by key, each behind its own lock, held for a
 * lookup or two; never blocks on I/O.
 */
public final class NonceCounts {

    /** How far behind the highest nc an out-of-order count may be and still be accepted once. */
    public static final int WINDOW = 64;
    /** An nc-value is exactly 8 hex digits (RFC 7616 §3.4: nc-value = 8LHEX). */
    public static final int NC_LENGTH = 8;
    /** Longest response text looked at; SHA-256 responses have 64 characters. */
    public static final int MAX_TEXT_LENGTH = 256;

    private static final int MAX_STRIPES = 16;

    private final Clock clock;
    private final long origin;
    private final NonceCountStripe[] stripes;
    /** Keys RFC 2069 entries, so that no one can aim a response at another nonce's key. */
    private final long responseSeed = RandomStrings.nextLong();

    /** At most {@link DigestSettings#MAX_TRACKED_NONCES}' default. */
    public NonceCounts(Duration nonceLifetime, Clock clock) {
        this(nonceLifetime, DigestSettings.MAX_TRACKED_NONCES.defaultValue(), clock);
    }

    public NonceCounts(Duration nonceLifetime, long maximumNonces, Clock clock) {
        this(nonceLifetime, maximumNonces, clock, nonceLifetime.plus(NonceService.MAX_FUTURE_SKEW).dividedBy(4));
    }

    NonceCounts(Duration nonceLifetime, long maximumNonces, Clock clock, Duration sweepInterval) {
        Objects.requireNonNull(nonceLifetime, "nonceLifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (nonceLifetime.isNegative() || nonceLifetime.isZero()) {
            throw new IllegalArgumentException("the nonce lifetime must be positive");
        }
        if (maximumNonces < 1 || maximumNonces > MAX_STRIPES * (long) NonceCountTable.MAX_ENTRIES) {
            throw new IllegalArgumentException("maximumNonces must be positive and at most "
                    + MAX_STRIPES * (long) NonceCountTable.MAX_ENTRIES);
        }
        long periodMillis = nonceLifetime.plus(NonceService.MAX_FUTURE_SKEW).toMillis();
        // Stripes are a power of two, each with an equal share of the bound, and at least one entry.
        int count = Integer.highestOneBit((int) Math.min(MAX_STRIPES, maximumNonces));
        this.origin = clock.millis();
        this.stripes = new NonceCountStripe[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new NonceCountStripe(periodMillis, (int) (maximumNonces / count), 0);
        }
        sweepEvery(sweepInterval.toMillis(), new WeakReference<>(this));
    }

    /**
     * True the first time this (nonce, nc) pair is presented, false for a replay, a count more than
     * {@value #WINDOW} behind the highest seen for the nonce, an nc that is not 8 hex digits or is
     * zero, or a nonce not shaped like ours.
     */
    public boolean firstUse(String nonce, String nc) {
        long count = parseNc(nc);
        long key = NonceService.macBits(nonce);
        if (count <= 0 || key == 0) {
            return false;
        }
        return stripe(key).firstUse(key, count, now());
    }

    /**
     * For a response without qop (the RFC 2069 form) there is no nc to count: each exact response
     * to a nonce is accepted once. A client that sends two different requests with one nonce
     * computes two different responses (the URI or method differs) and both pass; a replay of
     * either does not, in upper or lower case hex.
     */
    public boolean firstUseWithoutCount(String nonce, String response) {
        long nonceKey = NonceService.macBits(nonce);
        if (nonceKey == 0 || response == null || response.isEmpty() || response.length() > MAX_TEXT_LENGTH) {
            return false;
        }
        long key = responseKey(nonceKey, response);
        return key != 0 && stripe(key).firstUse(key, 0, now());
    }

    /** How many nonces and RFC 2069 responses are remembered now. A scan of the table: not for every request. */
    public long trackedNonces() {
        long now = now();
        long tracked = 0;
        for (NonceCountStripe stripe : stripes) {
            tracked += stripe.liveEntries(now);
        }
        return tracked;
    }

    /** Entries in memory, including expired ones whose generation is not yet released. */
    long heldEntries() {
        long held = 0;
        for (NonceCountStripe stripe : stripes) {
            held += stripe.heldEntries();
        }
        return held;
    }

    /** Heap taken by the tables' slots. */
    long heldBytes() {
        long bytes = 0;
        for (NonceCountStripe stripe : stripes) {
            bytes += stripe.heldBytes();
        }
        return bytes;
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

    private void forgetExpired() {
        long now = now();
        for (NonceCountStripe stripe : stripes) {
            stripe.forgetExpired(now);
        }
    }

    /**
     * Sweeps on the JDK's shared timer while the table is in use; holds it weakly, so a table
     * dropped by its owner is collected and its sweeps end.
     */
    private static void sweepEvery(long intervalMillis, WeakReference<NonceCounts> table) {
        CompletableFuture.delayedExecutor(intervalMillis, TimeUnit.MILLISECONDS).execute(() -> {
            NonceCounts counts = table.get();
            if (counts != null) {
                counts.forgetExpired();
                sweepEvery(intervalMillis, table);
            }
        });
    }

    /**
     * A cheap keyed mix (FNV-1a, then the MurmurHash3 finalizer) of the nonce's key and the
     * response, with hex case folded: the directory accepts either case, so a replay in the other
     * case must find the same entry.
     */
    private long responseKey(long nonceKey, String response) {
        long h = nonceKey ^ responseSeed;
        for (int i = 0; i < response.length(); i++) {
            h = (h ^ (response.charAt(i) | 0x20)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private NonceCountStripe stripe(long key) {
        // The high bits: the low ones pick the slot within the stripe.
        return stripes[(int) (key >>> 58) & (stripes.length - 1)];
    }

    private long now() {
        return clock.millis() - origin;
    }
}
