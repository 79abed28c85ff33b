package io.telcred.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries changes from the services that make them to everything that caches or acts on them
 * (the directory, the registrar, RTC sessions), synchronously and after the change is committed,
 * so that a revoked credential is refused by the very next request. A failing listener is logged
 * and does not stop the others.
 *
 * <p>In a cluster, the events made here are also handed to a forwarder that sends them to the
 * other nodes, and theirs come back in through {@link #publishFromAnotherNode}, which reaches the
 * listeners but is never forwarded again.
 */
public final class DomainEvents {

    private static final Logger LOG = LoggerFactory.getLogger(DomainEvents.class);

    private final List<Consumer<DomainEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile Consumer<DomainEvent> forwarder = event -> { };

    public void subscribe(Consumer<DomainEvent> listener) {
        listeners.add(listener);
    }

    /** Sends every event made on this node to the other nodes too, after this node's listeners had it. */
    public void forwardTo(Consumer<DomainEvent> forwarder) {
        this.forwarder = forwarder;
    }

    /** An event made on this node. */
    public void publish(DomainEvent event) {
        deliver(event);
        try {
            forwarder.accept(event);
        } catch (RuntimeException e) {
            LOG.error("could not send {} to the other nodes", event.getClass().getSimpleName(), e);
        }
    }

    /** An event another node made: this node's listeners only. */
    public void publishFromAnotherNode(DomainEvent event) {
        deliver(event);
    }

    private void deliver(DomainEvent event) {
        for (Consumer<DomainEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.error("a listener failed on {}", event.getClass().getSimpleName(), e);
            }
        }
    }
}
