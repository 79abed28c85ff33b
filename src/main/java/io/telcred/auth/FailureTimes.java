package io.telcred.auth;

/**
 * The times of one counter's recent failures: a ring as long as the largest threshold that reads
 * it, which is all a decision needs. Not thread-safe; its owner guards it.
 */
final class FailureTimes {

    private final long[] times;
    /** Failures ever counted; the ring holds the last {@code times.length} of them. */
    private long total;
    /** Failures numbered below this no longer count (a success, or a ban or refusal that began). */
    private long forgivenBefore;
    private long last;

    FailureTimes(int capacity) {
        times = new long[Math.max(1, capacity)];
    }

    void add(long now) {
        times[(int) (total % times.length)] = now;
        total++;
        last = now;
    }

    /** Failures after {@code windowStart} not forgiven, newest first until one is too old. */
    int since(long windowStart) {
        int counted = 0;
        long oldestKept = Math.max(0, total - times.length);
        for (long n = total - 1; n >= Math.max(oldestKept, forgivenBefore); n--) {
            if (times[(int) (n % times.length)] <= windowStart) {
                break;
            }
            counted++;
        }
        return counted;
    }

    /** The failures so far count no more. */
    void forgive() {
        forgivenBefore = total;
    }

    /** When the last failure was counted, forgiven or not. */
    long last() {
        return last;
    }
}
