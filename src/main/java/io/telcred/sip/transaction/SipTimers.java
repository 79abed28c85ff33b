package io.telcred.sip.transaction;

/**
 * The transaction timers of RFC 3261 §17, all derived from T1 (the round-trip estimate, 500 ms by
 * default): T2 = 8·T1 caps retransmission intervals, and 64·T1 is how long a transaction over UDP
 * waits for an answer and keeps absorbing retransmissions.
 */
public record SipTimers(long t1Millis) {

    public long t2Millis() {
        return 8 * t1Millis;
    }

    public long lingerMillis() {
        return 64 * t1Millis;
    }

    /** Over a stream nothing is retransmitted, but a client may resend briefly on a new connection. */
    public long streamLingerMillis() {
        return Math.min(5_000, lingerMillis());
    }
}
