package io.telcred.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.json.Json;
import io.telcred.webhook.DeliveryAttempt;
import io.telcred.webhook.DeliveryRecord;
import io.telcred.webhook.OutboxEntry;
import java.time.Instant;
import java.util.List;

/**
 * One row of the delivery log in Telnyx's {@code webhook_delivery} shape: the webhook, its status,
 * and its attempts newest first, each with the URL it went to and the receiver's status code.
 * telcred's own additions: the status {@code pending} (still to be retried) and an attempt's
 * {@code error} when it got no answer. Request and response headers and bodies are not kept.
 */
final class WebhookDeliveryJson {

    private WebhookDeliveryJson() {
    }

    static ObjectNode render(DeliveryRecord record) {
        OutboxEntry entry = record.entry();
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("record_type", "webhook_delivery")
                .put("id", entry.event().id())
                .put("user_id", entry.event().accountId())
                .put("status", entry.status().wireName());
        ObjectNode webhook = node.putObject("webhook")
                .put("record_type", "event")
                .put("id", entry.event().id())
                .put("event_type", entry.event().eventType())
                .put("occurred_at", Timestamps.format(entry.event().occurredAt()));
        webhook.set("payload", Json.parse(entry.event().payloadJson()));
        List<DeliveryAttempt> attempts = record.attempts();
        Instant started = attempts.isEmpty() ? entry.createdAt() : attempts.get(0).startedAt();
        node.put("started_at", Timestamps.format(started));
        node.put("finished_at", Timestamps.format(entry.finishedAt()));
        ArrayNode rendered = node.putArray("attempts");
        for (int i = attempts.size() - 1; i >= 0; i--) {
            rendered.add(render(attempts.get(i)));
        }
        return node;
    }

    private static ObjectNode render(DeliveryAttempt attempt) {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("status", attempt.delivered() ? "delivered" : "failed")
                .put("started_at", Timestamps.format(attempt.startedAt()))
                .put("finished_at", Timestamps.format(attempt.finishedAt()));
        ObjectNode http = node.putObject("http");
        http.putObject("request").put("url", attempt.url());
        if (attempt.httpStatus() == null) {
            http.putNull("response");
            node.put("error", attempt.error());
        } else {
            http.putObject("response").put("status", attempt.httpStatus());
        }
        return node;
    }
}
