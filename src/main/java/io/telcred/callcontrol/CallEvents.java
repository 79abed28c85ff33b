package io.telcred.callcontrol;

import java.util.Map;

/** Where call control's events go: the application's webhooks. */
public interface CallEvents {

    /**
     * An event of {@code leg} ({@code call.initiated}, {@code call.answered}, {@code call.bridged},
     * {@code call.hangup}) with its payload, for the leg's connection. Must not block.
     */
    void publish(ControlledLeg leg, String eventType, Map<String, Object> payload);
}
