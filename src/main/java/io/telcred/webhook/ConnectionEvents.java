package io.telcred.webhook;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events for a connection's {@code webhook_event_url}, handed in on whatever thread saw them happen
 * (the SIP event loop, a call's lock) and written to the outbox by one thread of their own, in the
 * order they happened. The queue is bounded: when it is full (the database is slow or down) an
 * event is dropped and counted, and logged once in a while, so that the caller is never held up.
 */
final class ConnectionEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionEvents.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final String what;
    private final WebhookTargets targets;
    private final WebhookOutbox outbox;
    private final ThreadPoolExecutor writer;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    /** @param what the kind of events, for the writer thread's name and the log ("registration", "call") */
    ConnectionEvents(String what, WebhookTargets targets, WebhookOutbox outbox, WebhookSettings settings) {
        this.what = what;
        this.targets = targets;
        this.outbox = outbox;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.eventQueue()),
                runnable -> {
                    Thread thread = new Thread(runnable, what + "-webhooks");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Queues an event of the connection, whose payload is made on the writer's thread. */
    void submit(String accountId, long connectionId, String eventType, Instant at, Supplier<Map<String, Object>> payload) {
        if (writer.isShutdown()) {
            return;
        }
        try {
            writer.execute(() -> write(accountId, connectionId, eventType, at, payload));
        } catch (RejectedExecutionException e) {
            drop("the queue of " + what + " events is full (TELCRED_WEBHOOK_EVENT_QUEUE)");
        }
    }

    /** Events dropped because the queue was full or the outbox could not be written. */
    long dropped() {
        return dropped.get();
    }

    private void write(String accountId, long connectionId, String eventType, Instant at,
                       Supplier<Map<String, Object>> payload) {
        try {
            Optional<WebhookTarget> target = targets.of(accountId, connectionId);
            if (target.isPresent()) {
                outbox.enqueue(accountId, connectionId, eventType, payload.get(), target.get(), at);
            }
        } catch (RuntimeException e) {
            drop(e.getMessage());
        }
    }

    private void drop(String why) {
        long count = dropped.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLogged.compareAndSet(last, now)) {
            LOG.warn("{} webhooks are being dropped ({} so far): {}", what, count, why);
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
        // The database closes next: a row being written gets a moment to finish.
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
