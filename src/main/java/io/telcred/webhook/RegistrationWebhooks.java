package io.telcred.webhook;

import io.telcred.location.Binding;
import io.telcred.location.BindingListener;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code credential.registered} and {@code credential.unregistered}: a SIP binding or a WebRTC
 * session of a credential (or of a connection's own login) came or went, for the connection's
 * {@code webhook_event_url}. The location tells this on the thread that made the change, the SIP
 * event loop among them, so the news only joins the bounded queue of {@link ConnectionEvents}: the
 * registrar is never held up.
 */
public final class RegistrationWebhooks implements BindingListener, AutoCloseable {

    public static final String REGISTERED = "credential.registered";
    public static final String UNREGISTERED = "credential.unregistered";

    private final ConnectionEvents events;
    private final Clock clock;

    public RegistrationWebhooks(WebhookTargets targets, WebhookOutbox outbox, WebhookSettings settings, Clock clock) {
        this.events = new ConnectionEvents("registration", targets, outbox, settings);
        this.clock = clock;
    }

    @Override
    public void added(Binding binding) {
        Instant at = clock.instant();
        submit(binding, at, () -> {
            Map<String, Object> payload = payload(binding);
            payload.put("registered_at", WebhookEnvelope.timestamp(binding.registeredAt()));
            payload.put("expires_at", WebhookEnvelope.timestamp(binding.expiresAt()));
            return payload;
        }, REGISTERED);
    }

    @Override
    public void removed(Binding binding, Reason reason) {
        Instant at = clock.instant();
        submit(binding, at, () -> {
            Map<String, Object> payload = payload(binding);
            payload.put("reason", reason.wireName());
            return payload;
        }, UNREGISTERED);
    }

    /** Events dropped because the queue was full or the outbox could not be written. */
    public long dropped() {
        return events.dropped();
    }

    private void submit(Binding binding, Instant at, Supplier<Map<String, Object>> payload, String eventType) {
        events.submit(binding.accountId(), binding.connectionId(), eventType, at, payload);
    }

    private static Map<String, Object> payload(Binding binding) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("connection_id", Long.toString(binding.connectionId()));
        payload.put("credential_id", binding.credentialId());
        payload.put("sip_username", binding.loginName());
        payload.put("transport", binding.transport().name());
        payload.put("ip_address", binding.sourceAddress());
        payload.put("port", binding.sourcePort());
        payload.put("user_agent", binding.userAgent());
        return payload;
    }

    @Override
    public void close() {
        events.close();
    }
}
