package io.telcred.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * A webhook in the outbox: the event, where it goes, and how far its delivery has come.
 *
 * @param nextAttemptAt when it is due next; while an attempt is under way, the end of that attempt's lease
 * @param finishedAt    when it was delivered or given up, or null while pending
 */
public record OutboxEntry(WebhookEvent event, WebhookTarget target, DeliveryStatus status, int attempts,
                          Instant createdAt, Instant nextAttemptAt, Instant finishedAt) {

    public OutboxEntry {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    }

    /** A new event, due at once. */
    static OutboxEntry pending(WebhookEvent event, WebhookTarget target, Instant now) {
        return new OutboxEntry(event, target, DeliveryStatus.PENDING, 0, now, now, null);
    }
}
