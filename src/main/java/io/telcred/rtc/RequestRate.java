package io.telcred.rtc;

/**
 * A token bucket per session: {@code perSecond} requests a second on average, bursts of twice as
 * many. Called only from the session's socket thread, so it needs no lock.
 */
final class RequestRate {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    RequestRate(int perSecond, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = 2.0 * perSecond;
        this.tokens = burst;
        this.last = nowNanos;
    }

    boolean tryTake(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
