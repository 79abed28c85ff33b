package io.telcred.webhook;

import io.telcred.callcontrol.CallEvents;
import io.telcred.callcontrol.ControlledLeg;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Call control's events ({@code call.initiated}, {@code call.answered}, {@code call.bridged},
 * {@code call.hangup}) as webhooks of the application's connection. They are handed in under a
 * call's lock, so they only join the queue of {@link ConnectionEvents}.
 */
public final class CallWebhooks implements CallEvents, AutoCloseable {

    private final ConnectionEvents events;
    private final Clock clock;

    public CallWebhooks(WebhookTargets targets, WebhookOutbox outbox, WebhookSettings settings, Clock clock) {
        this.events = new ConnectionEvents("call", targets, outbox, settings);
        this.clock = clock;
    }

    @Override
    public void publish(ControlledLeg leg, String eventType, Map<String, Object> payload) {
        Instant at = clock.instant();
        events.submit(leg.accountId(), leg.connectionId(), eventType, at, () -> payload);
    }

    @Override
    public void close() {
        events.close();
    }
}
