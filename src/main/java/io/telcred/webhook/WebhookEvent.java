package io.telcred.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * One event for an account's backend. {@code id} lets a receiver drop a repeat: delivery is at least
 * once. {@code payloadJson} is the payload object as JSON text, sent as is.
 *
 * @param connectionId the connection whose webhook URL it goes to, or null
 */
public record WebhookEvent(String id, String accountId, Long connectionId, String eventType, String payloadJson,
                           Instant occurredAt) {

    public WebhookEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payloadJson, "payloadJson");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
