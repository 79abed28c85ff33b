package io.telcred.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The body of one attempt, in Telnyx's envelope:
 * {@code {"data":{"record_type":"event","event_type","id","occurred_at","payload"},"meta":{"attempt","delivered_to"}}}.
 * {@code meta} differs per attempt, so each attempt's body is made and signed anew.
 */
final class WebhookEnvelope {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private WebhookEnvelope() {
    }

    static byte[] body(WebhookEvent event, int attempt, String deliveredTo) {
        String json = "{\"data\":{\"record_type\":\"event\",\"event_type\":" + JsonText.quote(event.eventType())
                + ",\"id\":" + JsonText.quote(event.id())
                + ",\"occurred_at\":" + JsonText.quote(timestamp(event.occurredAt()))
                + ",\"payload\":" + event.payloadJson()
                + "},\"meta\":{\"attempt\":" + attempt + ",\"delivered_to\":" + JsonText.quote(deliveredTo) + "}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }
}
