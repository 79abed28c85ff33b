package io.telcred.auth;

/**
 * One lock's share of {@link NonceCounts}: the entries first used in the current period and in the
 * one before, each period as long as an entry must be remembered. A lookup checks both; an entry
 * is written to the current one. When a period is over, the current generation becomes the
 * previous and the previous is dropped whole: every entry in it was created at least a period
 * earlier, so nothing still needed goes, and nothing is removed one by one.
 *
 * <p>Each entry also carries its own expiry, so that a lookup in the previous generation, or a
 * count, treats it as gone exactly when it should be, although its memory is released only with
 * its generation.
 *
 * <p>Times are milliseconds since the owner's origin. Counts are 1 to 2^32-1; count 0 marks an
 * RFC 2069 entry, which is used once and has no window.
 */
final class NonceCountStripe {

    private static final int SMALLEST_GENERATION = 16;

    private final long periodMillis;
    private final int maximumEntries;
    private NonceCountTable current;
    private NonceCountTable previous;
    private long currentStart;

    NonceCountStripe(long periodMillis, int maximumEntries, long now) {
        this.periodMillis = periodMillis;
        this.maximumEntries = maximumEntries;
        this.currentStart = now;
    }

    /** True the first time this count is presented for this key (count 0: the first time at all). */
    synchronized boolean firstUse(long key, long count, long now) {
        rotateIfDue(now);
        // An entry in the current generation is always live: it was created at or after the
        // generation started, and a period after that the generation is rotated out of this place.
        // (Were the clock stepped back, an expired one could remain; it can then only refuse.)
        int slot = current == null ? -1 : current.find(key);
        if (slot >= 0) {
            return accept(current, slot, count);
        }
        slot = previous == null ? -1 : previous.find(key);
        if (slot >= 0 && live(previous.meta(slot), now)) {
            return accept(previous, slot, count);
        }
        makeRoomForOne(now);
        if (current == null) {
            current = new NonceCountTable(expectedSize());
        }
        current.add(key, 1L, meta(count, now));
        return true;
    }

    /** Entries not yet expired. */
    synchronized int liveEntries(long now) {
        rotateIfDue(now);
        return count(current, now) + count(previous, now);
    }

    /** Entries in memory, expired or not. */
    synchronized int heldEntries() {
        return size(current) + size(previous);
    }

    synchronized long heldBytes() {
        return (current == null ? 0 : current.bytes()) + (previous == null ? 0 : previous.bytes());
    }

    /** Releases what the clock says is over, for a server that receives nothing. */
    synchronized void forgetExpired(long now) {
        rotateIfDue(now);
    }

    private void rotateIfDue(long now) {
        long age = now - currentStart;
        if (age >= 2 * periodMillis) {
            // Idle for a whole period: the current entries were all created over a period ago too.
            previous = null;
            current = null;
            currentStart = now;
        } else if (age >= periodMillis) {
            rotate(now);
        }
    }

    /**
     * Keeps the bound: past it, the previous generation goes before its time, the oldest entries
     * first. Their counts could then be replayed until their nonces go stale.
     */
    private void makeRoomForOne(long now) {
        while (size(current) + size(previous) >= maximumEntries) {
            rotate(now);
        }
    }

    private void rotate(long now) {
        previous = current;
        current = null; // allocated at the next write, so that an idle server holds nothing new
        currentStart = now;
    }

    /** As many as the last period brought, within the bound. */
    private int expectedSize() {
        int last = size(previous);
        return Math.max(SMALLEST_GENERATION, Math.min(last, maximumEntries - last));
    }

    /**
     * Marks the count used in the entry's window (the IPsec anti-replay window, RFC 4303 §3.4.3):
     * bit i of the bitmap set means count {@code highest - i} was used.
     */
    private static boolean accept(NonceCountTable table, int slot, long count) {
        long meta = table.meta(slot);
        long highest = meta & 0xffff_ffffL;
        if (highest == 0 || count == 0) {
            return false; // an RFC 2069 entry used, or two kinds of entry under one key: refuse
        }
        long used = table.used(slot);
        if (count > highest) {
            long shift = count - highest;
            table.set(slot, shift >= NonceCounts.WINDOW ? 1L : (used << shift) | 1L, (meta & ~0xffff_ffffL) | count);
            return true;
        }
        long behind = highest - count;
        if (behind >= NonceCounts.WINDOW) {
            return false;
        }
        long bit = 1L << behind;
        if ((used & bit) != 0) {
            return false;
        }
        table.set(slot, used | bit, meta);
        return true;
    }

    /** The expiry (seconds since the origin, rounded up so never early) over the highest count. */
    private long meta(long count, long now) {
        long expirySecond = -Math.floorDiv(-(now + periodMillis), 1000L);
        return (expirySecond << 32) | count;
    }

    private static boolean live(long meta, long now) {
        return now < (meta >> 32) * 1000L;
    }

    private static int count(NonceCountTable table, long now) {
        return table == null ? 0 : table.count(meta -> live(meta, now));
    }

    private static int size(NonceCountTable table) {
        return table == null ? 0 : table.size();
    }
}
