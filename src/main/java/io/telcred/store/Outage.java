package io.telcred.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Whether the database failed to answer, shared by every repository of one database. While it is
 * down, every call is refused at once, and a probe on a thread of its own asks the database, at
 * most once per probe interval; the first probe that gets an answer ends the outage.
 *
 * <p>No request waits to probe: when requests took turns probing, each waited out the pool's
 * timeout, and requests queued behind one another (on the API key cache's lock, on the request
 * queue) added up those waits to seconds. Only a probe ends an outage: a call let through before
 * the outage was seen may get its answer after it, and that says nothing of the database now.
 */
final class Outage {

    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile long nextProbeAt;
    private volatile long probeIntervalNanos = Duration.ofMillis(500).toNanos();

    void probeInterval(Duration interval) {
        this.probeIntervalNanos = interval.toNanos();
    }

    boolean down() {
        return down.get();
    }

    /** A call let through could not reach the database. */
    void unreachable() {
        if (down.compareAndSet(false, true)) {
            nextProbeAt = System.nanoTime() + probeIntervalNanos;
        }
    }

    /**
     * While down, starts {@code probe} (true when the database answered) on a thread of its own
     * unless one is running or the last ended less than the probe interval ago.
     */
    void probeIfDue(BooleanSupplier probe) {
        if (!down.get() || System.nanoTime() - nextProbeAt < 0 || !probing.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                if (probe.getAsBoolean()) {
                    down.set(false);
                }
            } finally {
                nextProbeAt = System.nanoTime() + probeIntervalNanos;
                probing.set(false);
            }
        }, "telcred-db-probe");
        thread.setDaemon(true);
        thread.start();
    }
}
