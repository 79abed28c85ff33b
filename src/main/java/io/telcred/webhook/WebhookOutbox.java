package io.telcred.webhook;

import io.telcred.common.Ids;
import io.telcred.common.Page;
import io.telcred.common.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Where webhooks are handed in: {@link #enqueue} only writes a row (the caller never waits on a
 * receiver), then nudges this node's {@link WebhookDelivery} so that the first attempt starts at
 * once rather than at the next poll. The rows outlive the process: what was not delivered before a
 * crash or a restart is sent after it.
 */
public final class WebhookOutbox {

    private final WebhookRepository repository;
    private final Clock clock;
    private volatile Runnable onEnqueued = () -> { };

    public WebhookOutbox(WebhookRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Stores an event for the account's backend at {@code target}; returns it with its id. */
    public WebhookEvent enqueue(String accountId, Long connectionId, String eventType, Map<String, ?> payload,
                                WebhookTarget target) {
        return enqueue(accountId, connectionId, eventType, payload, target, clock.instant());
    }

    /** As {@link #enqueue(String, Long, String, Map, WebhookTarget)}, for an event that happened a moment ago. */
    public WebhookEvent enqueue(String accountId, Long connectionId, String eventType, Map<String, ?> payload,
                                WebhookTarget target, Instant occurredAt) {
        Instant now = now();
        WebhookEvent event = new WebhookEvent(Ids.uuid(), accountId, connectionId, eventType, JsonText.object(payload),
                occurredAt.truncatedTo(ChronoUnit.MILLIS));
        repository.insert(OutboxEntry.pending(event, target, now));
        onEnqueued.run();
        return event;
    }

    /** The account's delivery log, newest first. */
    public Page<DeliveryRecord> deliveries(String accountId, DeliveryQuery query, PageRequest page) {
        return repository.list(accountId, query, page);
    }

    void onEnqueued(Runnable action) {
        this.onEnqueued = action;
    }

    private Instant now() {
        // The store keeps milliseconds; truncating here keeps memory and database in agreement.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
