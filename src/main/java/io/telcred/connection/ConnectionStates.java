package io.telcred.connection;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.telcred.event.DomainEvent.ConnectionChanged;
import io.telcred.event.DomainEvents;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Whether each connection is active, from memory: every login and token check of an on-demand
 * credential asks it. A change to a connection reaches it as an event at once.
 */
public final class ConnectionStates {

    private final AsyncLoadingCache<Long, Boolean> active;

    public ConnectionStates(ConnectionRepository connections, DomainEvents events, long size, Executor loader) {
        this.active = Caffeine.newBuilder().maximumSize(size).executor(loader)
                .buildAsync(id -> connections.active(id).orElse(false));
        events.subscribe(event -> {
            if (event instanceof ConnectionChanged changed) {
                active.synchronous().invalidate(changed.connectionId());
            }
        });
    }

    /** False also for a connection that does not exist. */
    public boolean active(long connectionId) {
        return activeAsync(connectionId).join();
    }

    /** Completes at once when the state is in memory; otherwise loads it on the loader's threads. */
    public CompletableFuture<Boolean> activeAsync(long connectionId) {
        return active.get(connectionId);
    }
}
