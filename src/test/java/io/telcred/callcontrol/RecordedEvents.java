package io.telcred.callcontrol;

import io.telcred.testing.RtcTestClient;
import io.telcred.testing.Waiting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Call control's events as the application would get them, kept in order for a test to wait on. */
final class RecordedEvents implements CallEvents {

    private static final Duration WAIT = Duration.ofSeconds(10);

    record Event(String type, Map<String, Object> payload) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(ControlledLeg leg, String eventType, Map<String, Object> payload) {
        events.add(new Event(eventType, payload));
    }

    void clear() {
        events.clear();
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    List<String> types() {
        List<String> types = new ArrayList<>();
        events.forEach(event -> types.add(event.type()));
        return types;
    }

    /** Calls {@code support} from the caller with its offer; the parked call's call_control_id. */
    String park(RtcTestClient caller, String offer) {
        caller.call("telnyx_rtc.invite", caller.inviteParams(UUID.randomUUID().toString(), "support", offer));
        return (String) await("call.initiated").payload().get("call_control_id");
    }

    /** The first event of this type, waiting for it. */
    Event await(String type) {
        return await(type, null);
    }

    /** The first event of this type of this leg (any leg when null), waiting for it. */
    Event await(String type, String callControlId) {
        return Waiting.until(() -> events.stream().filter(event -> event.type().equals(type)
                        && (callControlId == null || callControlId.equals(event.payload().get("call_control_id"))))
                .findFirst(), WAIT, () -> "no " + type + " of " + callControlId + "; saw " + types());
    }
}
