package io.telcred.http;

import io.telcred.common.Problem;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the API requests at work at once, and lines up the rest in arrival order. Sixty-four
 * requests working at once on two cores do not finish sooner than eight: they take turns on the
 * processors and queue for the same database locks and page caches, and the unlucky ones wait
 * for all the others (the tail). A few at work, the rest waiting in a fair queue on a parked
 * thread, costs nothing while waiting and keeps every request's time close to the mean.
 *
 * <p>A request still waiting after {@code maxWait} is answered 503 with Retry-After: the server
 * is overloaded, and a client does better to retry later than to wait longer.
 */
final class ActiveRequests {

    private final Semaphore permits;
    private final long maxWaitNanos;
    private final long retryAfterSeconds;

    ActiveRequests(int maxActive, Duration maxWait, Duration retryAfter) {
        this.permits = new Semaphore(maxActive, true);
        this.maxWaitNanos = maxWait.toNanos();
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
    }

    /** Runs {@code work} once a place is free, or refuses it (503, Retry-After) when none came in time. */
    void run(Work work) throws Exception {
        if (!permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
            throw RequestRefused.retryLater(Problem.UNAVAILABLE, "The server is busy; retry after " + retryAfterSeconds + " s.",
                    retryAfterSeconds);
        }
        try {
            work.run();
        } finally {
            permits.release();
        }
    }

    /** A request's handling. */
    interface Work {
        void run() throws Exception;
    }
}
