package io.telcred.cluster;

import io.telcred.event.DomainEvent;
import io.telcred.event.DomainEvent.ChangesMissed;
import io.telcred.event.DomainEvents;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries domain events between this node and the others over a Redis channel. Every event made
 * here is sent, named with this node's id; every event of another node is handed to this node's
 * listeners, in the order it came, on a thread of its own (the listeners may read the database),
 * and never sent on again. This node's own messages come back from Redis and are dropped.
 *
 * <p>Nothing sent while Redis cannot be reached is queued. Instead, on each subscription (at start
 * and after each reconnect) this node forgets what it caches and checks every live login against
 * the database ({@link ChangesMissed}), and, if something it made could not be sent meanwhile,
 * tells every other node to do the same.
 */
final class EventBridge implements Consumer<DomainEvent>, RedisChannel.Receiver, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventBridge.class);

    private final String nodeId;
    private final DomainEvents events;
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cluster-events");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean unsent = new AtomicBoolean();
    private final Set<CompletableFuture<Long>> sending = ConcurrentHashMap.newKeySet();
    private volatile RedisChannel redis;

    EventBridge(String nodeId, DomainEvents events) {
        this.nodeId = nodeId;
        this.events = events;
    }

    /** The channel is opened after the bridge, which it reports to; events made before are caught up by the first subscription. */
    void sendOver(RedisChannel redis) {
        this.redis = redis;
    }

    /** An event made on this node. */
    @Override
    public void accept(DomainEvent event) {
        send(event);
    }

    @Override
    public void subscribed() {
        delivery.execute(() -> {
            events.publishFromAnotherNode(new ChangesMissed());
            if (unsent.getAndSet(false)) {
                LOG.info("telling the other nodes to re-read what changed while this node could not reach Redis");
                send(new ChangesMissed());
            }
        });
    }

    @Override
    public void received(String message) {
        delivery.execute(() -> {
            EventWire.Message decoded;
            try {
                decoded = EventWire.decode(message);
            } catch (EventWire.Unreadable e) {
                LOG.warn("ignored an event from another node: a message {}", e.getMessage());
                return;
            }
            if (!decoded.nodeId().equals(nodeId)) {
                events.publishFromAnotherNode(decoded.event());
            }
        });
    }

    /** Waits up to {@code timeout} for the events on their way out: a command-line run ends right after its change. */
    void finishSending(Duration timeout) {
        try {
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // reported where each failed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        delivery.shutdown();
        try {
            delivery.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(DomainEvent event) {
        RedisChannel channel = redis;
        if (channel == null) {
            unsent.set(true);
            return;
        }
        CompletableFuture<Long> published = channel.publish(EventWire.encode(nodeId, event));
        sending.add(published);
        published.whenComplete((receivers, failure) -> {
            sending.remove(published);
            if (failure != null && !unsent.getAndSet(true)) {
                LOG.warn("could not send {} to the other nodes ({}); they re-read everything once this node reaches "
                        + "Redis again", event.getClass().getSimpleName(), failure.toString());
            }
        });
    }
}
