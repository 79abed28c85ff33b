package io.telcred.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.telcred.common.DomainException;
import io.telcred.connection.ConnectionService;
import io.telcred.event.DomainEvent;
import io.telcred.event.DomainEvents;
import java.time.Duration;
import java.util.Optional;

/**
 * Where each connection's webhooks go, remembered: at a thousand logins a second the event writer
 * would otherwise read the connection's row and its settings for every event, and fall behind. An
 * edit or deletion of the connection (on any node: the cluster carries the event) forgets it, and
 * so does a node that may have missed such events; {@link #KEPT} bounds a stale entry in any case.
 */
public final class WebhookTargets {

    static final Duration KEPT = Duration.ofSeconds(60);
    private static final long MAX_CONNECTIONS = 100_000;

    private final ConnectionService connections;
    private final Duration defaultTimeout;
    private final Cache<Long, Optional<WebhookTarget>> known =
            Caffeine.newBuilder().maximumSize(MAX_CONNECTIONS).expireAfterWrite(KEPT).build();

    public WebhookTargets(ConnectionService connections, WebhookSettings settings, DomainEvents events) {
        this.connections = connections;
        this.defaultTimeout = settings.defaultTimeout();
        events.subscribe(this::forget);
    }

    /** The connection's webhook target; empty when it has no webhook_event_url or no longer exists. */
    Optional<WebhookTarget> of(String accountId, long connectionId) {
        return known.get(connectionId, id -> read(accountId, id));
    }

    private Optional<WebhookTarget> read(String accountId, long connectionId) {
        try {
            return WebhookTarget.of(connections.get(accountId, Long.toString(connectionId)).settings(), defaultTimeout);
        } catch (DomainException e) {
            // The connection was deleted meanwhile: nobody to tell.
            return Optional.empty();
        }
    }

    private void forget(DomainEvent event) {
        if (event instanceof DomainEvent.ConnectionChanged changed) {
            known.invalidate(changed.connectionId());
        } else if (event instanceof DomainEvent.ChangesMissed) {
            known.invalidateAll();
        }
    }
}
