package io.telcred.connection;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.telcred.event.DomainEvent.ChangesMissed;
import io.telcred.event.DomainEvent.ConnectionChanged;
import io.telcred.event.DomainEvents;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Each connection's owner and whether it is active, from memory: every login and token check of an
 * on-demand credential, and every credential created under a connection, asks it. A connection's
 * creation, change or deletion reaches it as an event at once.
 */
public final class ConnectionStates {

    private final AsyncLoadingCache<Long, Optional<ConnectionState>> states;

    public ConnectionStates(ConnectionRepository connections, DomainEvents events, long size, Executor loader) {
        this.states = Caffeine.newBuilder().maximumSize(size).executor(loader).buildAsync(connections::state);
        events.subscribe(event -> {
            if (event instanceof ConnectionChanged changed) {
                states.synchronous().invalidate(changed.connectionId());
            } else if (event instanceof ChangesMissed) {
                states.synchronous().invalidateAll();
            }
        });
    }

    /** False also for a connection that does not exist. */
    public boolean active(long connectionId) {
        return activeAsync(connectionId).join();
    }

    /** Completes at once when the state is in memory; otherwise loads it on the loader's threads. */
    public CompletableFuture<Boolean> activeAsync(long connectionId) {
        return states.get(connectionId).thenApply(state -> state.map(ConnectionState::active).orElse(false));
    }

    /** Whether the connection exists and belongs to the account. */
    public boolean belongsTo(long connectionId, String accountId) {
        return states.get(connectionId).join().map(state -> state.accountId().equals(accountId)).orElse(false);
    }
}
