package io.telcred.callcontrol;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.telcred.call.CallObserver;
import io.telcred.call.HangupCause;
import io.telcred.common.DomainException;
import io.telcred.common.Problem;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legs applications see, live and lately ended (an ended leg's status stays readable for the
 * retention time), and what an application hears of them: each leg's events in the Telnyx names.
 */
final class Legs {

    private static final Logger LOG = LoggerFactory.getLogger(Legs.class);

    private final Map<String, ControlledLeg> live = new ConcurrentHashMap<>();
    private final Cache<String, ControlledLeg> ended;
    private final Clock clock;
    private volatile CallEvents events = (leg, type, payload) -> { };

    Legs(Duration retention, Clock clock) {
        this.clock = clock;
        this.ended = Caffeine.newBuilder().expireAfterWrite(retention).maximumSize(1_000_000).build();
    }

    void publishTo(CallEvents events) {
        this.events = events;
    }

    void add(ControlledLeg leg) {
        live.put(leg.callControlId(), leg);
    }

    /** A leg whose dial failed before it was announced: it never existed for the application. */
    void forget(ControlledLeg leg) {
        live.remove(leg.callControlId());
    }

    /** The leg, alive or ended within the retention time; 404 for none of this account. */
    ControlledLeg find(String accountId, String callControlId) {
        ControlledLeg leg = live.get(callControlId);
        if (leg == null) {
            leg = ended.getIfPresent(callControlId);
        }
        if (leg == null || !leg.accountId().equals(accountId)) {
            throw DomainException.notFound("No call with call_control_id " + callControlId + ".");
        }
        return leg;
    }

    /** The leg named in {@code field}, which must still be alive (90018 otherwise). */
    ControlledLeg alive(String accountId, String callControlId, String field) {
        ControlledLeg leg = find(accountId, callControlId);
        if (!leg.alive()) {
            throw DomainException.of(Problem.CALL_ENDED, "The call in '" + field + "' has already ended.");
        }
        return leg;
    }

    List<ControlledLeg> ofApplication(String accountId, long connectionId) {
        return live.values().stream().filter(leg -> leg.accountId().equals(accountId)
                && leg.connectionId() == connectionId).toList();
    }

    /** Queues the leg's event; a failure is logged, never thrown into the call. */
    void announce(ControlledLeg leg, String eventType) {
        try {
            events.publish(leg, eventType, leg.payload());
        } catch (RuntimeException e) {
            LOG.warn("could not queue {} of call {}: {}", eventType, leg.callSessionId(), e.toString());
        }
    }

    /** Ends the leg with its call's cause and announces {@code call.hangup}, once. */
    void end(ControlledLeg leg, HangupCause cause, CallObserver.Side endedBy) {
        String source = switch (endedBy) {
            case CALLER -> "caller";
            case CALLEE -> "callee";
            case NEITHER -> "unknown";
        };
        if (leg.end(clock.instant(), hangupCause(cause), source)) {
            live.remove(leg.callControlId());
            ended.put(leg.callControlId(), leg);
            announce(leg, "call.hangup");
        }
    }

    /** The Telnyx hangup cause of a Q.850 cause. */
    static String hangupCause(HangupCause cause) {
        return switch (cause) {
            case NORMAL_CLEARING, LOSE_RACE -> "normal_clearing";
            case ORIGINATOR_CANCEL -> "originator_cancel";
            case USER_BUSY -> "user_busy";
            case CALL_REJECTED -> "call_rejected";
            case NO_ANSWER, NO_USER_RESPONSE -> "timeout";
            case UNALLOCATED_NUMBER, SUBSCRIBER_ABSENT -> "not_found";
            case ALLOTTED_TIMEOUT -> "time_limit";
            default -> "unspecified";
        };
    }
}
