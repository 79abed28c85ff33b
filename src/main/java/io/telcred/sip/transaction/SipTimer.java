package io.telcred.sip.transaction;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP timers (RFC 3261 §17: retransmissions, transaction ends, the brute-force delay) on one
 * thread that sleeps until the next one is due. A hashed wheel wakes on every tick whether a timer
 * is due or not: at a 10 ms tick that was about 1.5 % of the server's CPU while registering, with
 * no timer due at all. A task that throws is logged; the others still run.
 */
public final class SipTimer implements Timer {

    private static final Logger LOG = LoggerFactory.getLogger(SipTimer.class);

    private final ScheduledThreadPoolExecutor executor;

    public SipTimer() {
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "sip-timer");
            thread.setDaemon(true);
            return thread;
        });
        // A cancelled timer (most are: an answer came) leaves the queue at once instead of at its time.
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs {@code task} after {@code delay}; throws {@link IllegalStateException} once stopped. */
    @Override
    public Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
        Scheduled timeout = new Scheduled(task);
        try {
            timeout.future = executor.schedule(timeout, Math.max(0, delay), unit);
        } catch (RejectedExecutionException stopped) {
            throw new IllegalStateException("the SIP timer is stopped", stopped);
        }
        return timeout;
    }

    /** Stops; timers not yet run never run. Returns nothing: no caller needs them. */
    @Override
    public Set<Timeout> stop() {
        executor.shutdownNow();
        return Set.of();
    }

    private final class Scheduled implements Timeout, Runnable {

        private final TimerTask task;
        private volatile ScheduledFuture<?> future;
        private volatile boolean expired;

        Scheduled(TimerTask task) {
            this.task = task;
        }

        @Override
        public void run() {
            expired = true;
            try {
                task.run(this);
            } catch (Exception e) {
                LOG.warn("a SIP timer task failed", e);
            }
        }

        @Override
        public Timer timer() {
            return SipTimer.this;
        }

        @Override
        public TimerTask task() {
            return task;
        }

        @Override
        public boolean isExpired() {
            return expired;
        }

        @Override
        public boolean isCancelled() {
            ScheduledFuture<?> scheduled = future;
            return scheduled != null && scheduled.isCancelled();
        }

        /** False when it has run or is running already, or was cancelled before. */
        @Override
        public boolean cancel() {
            ScheduledFuture<?> scheduled = future;
            return !expired && scheduled != null && scheduled.cancel(false);
        }
    }
}
