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
 */
public final class DomainEvents {

    private static final Logger LOG = LoggerFactory.getLogger(DomainEvents.class);

    private final List<Consumer<DomainEvent>> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(Consumer<DomainEvent> listener) {
        listeners.add(listener);
    }

    public void publish(DomainEvent event) {
        for (Consumer<DomainEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.error("a listener failed on {}", event.getClass().getSimpleName(), e);
            }
        }
    }
}
