package io.telcred.main;

import io.telcred.common.Readiness;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stop that loses no work it took: on SIGTERM (the JVM's shutdown hook), in this order,
 * <ol>
 *   <li>{@code /ready} turns false and every door refuses new work: a new REGISTER or INVITE gets
 *       503 with Retry-After, a new API request the same (a load balancer has stopped sending by then);</li>
 *   <li>the transactions and HTTP requests in flight finish, for at most the grace period, and new
 *       work is refused for at least the minimum drain: a UDP phone learns to go elsewhere only from
 *       the 503 to its next request;</li>
 *   <li>WebSockets close with 1012 "service restart", which tells a client to come back (to
 *       another node, or to this one once restarted);</li>
 *   <li>the doors close, then the platform (webhook delivery, the database).</li>
 * </ol>
 */
final class GracefulShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
    /** RFC 6455 §7.4.1 (as registered by IANA): the server restarts, the client may reconnect. */
    static final int SERVICE_RESTART = 1012;
    static final String SERVICE_RESTART_REASON = "service restart";
    /** How often the drain looks whether the work in flight is done. */
    private static final long POLL_MILLIS = 20;

    /**
     * What one door does in a graceful stop.
     *
     * @param refuseNewWork answers new work with 503 and the given Retry-After from then on
     * @param idle          whether nothing it took is still under way
     * @param closeSockets  closes its WebSockets with {@link #SERVICE_RESTART}
     * @param close         stops it
     */
    record Door(Consumer<Duration> refuseNewWork, BooleanSupplier idle, Runnable closeSockets, Runnable close) {
    }

    private final List<Door> doors;
    private final Runnable closePlatform;
    private final Duration grace;
    private final Duration retryAfter;
    private final Duration minDrain;
    private volatile boolean draining;

    GracefulShutdown(List<Door> doors, Runnable closePlatform, Duration grace, Duration retryAfter, Duration minDrain) {
        this.doors = List.copyOf(doors);
        this.closePlatform = closePlatform;
        this.grace = grace;
        this.retryAfter = retryAfter;
        this.minDrain = minDrain;
    }

    /** {@code /ready}'s check: ok until the stop begins, then {@code draining}. */
    Readiness readiness() {
        return () -> draining ? "draining" : Readiness.OK;
    }

    void run() {
        draining = true;
        LOG.info("stopping: new work is refused with Retry-After {} s; waiting up to {} s for the work in flight",
                retryAfter.toSeconds(), grace.toSeconds());
        long refusingSince = System.nanoTime();
        doors.forEach(door -> door.refuseNewWork().accept(retryAfter));
        if (!waitUntil(() -> doors.stream().allMatch(door -> door.idle().getAsBoolean()), grace)) {
            LOG.warn("stopping with work still in flight after {} s", grace.toSeconds());
        }
        waitUntil(() -> System.nanoTime() - refusingSince >= minDrain.toNanos(), minDrain);
        doors.forEach(door -> door.closeSockets().run());
        doors.forEach(door -> door.close().run());
        closePlatform.run();
        LOG.info("stopped");
    }

    private static boolean waitUntil(BooleanSupplier done, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
