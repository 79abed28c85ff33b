package io.telcred.callcontrol;

import io.telcred.call.Call;
import io.telcred.crypto.RandomStrings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One leg as an application sees it: the parked caller (incoming) or a callee dialled for it
 * (outgoing), with the ids the Telnyx API uses, its state, and how it ended. A leg dialled for
 * a parked call shares its session id; a leg dialled on its own keeps its own session id when a
 * bridge moves it into the parked call.
 */
public final class ControlledLeg {

    /** Command ids remembered per leg: a repeat among the last this many is done once. */
    private static final int REMEMBERED_COMMANDS = 64;

    public enum Direction { INCOMING, OUTGOING }

    private final String callControlId = "v3:" + RandomStrings.alphanumeric(32);
    private final String callLegId = RandomStrings.hexLower(32);
    private final String callSessionId;
    private final String accountId;
    private final long connectionId;
    private final Direction direction;
    private final String from;
    private final String to;
    private final Instant startTime;
    private final Set<String> commands = new LinkedHashSet<>();
    private Call call;
    private String state;
    private String clientState;
    private Instant endTime;
    private String hangupCause;
    private String hangupSource;

    ControlledLeg(Call call, String accountId, long connectionId, Direction direction, String from, String to,
                  String clientState, Instant startTime) {
        this.call = call;
        this.callSessionId = call.id();
        this.accountId = accountId;
        this.connectionId = connectionId;
        this.direction = direction;
        this.from = from;
        this.to = to;
        this.clientState = clientState;
        this.startTime = startTime;
        this.state = direction == Direction.INCOMING ? "parked" : "bridging";
    }

    public String callControlId() {
        return callControlId;
    }

    public String callLegId() {
        return callLegId;
    }

    /** The id of the call the leg began in. */
    public String callSessionId() {
        return callSessionId;
    }

    public String accountId() {
        return accountId;
    }

    public long connectionId() {
        return connectionId;
    }

    public Direction direction() {
        return direction;
    }

    public String from() {
        return from;
    }

    public Instant startTime() {
        return startTime;
    }

    /** The client state last set, or null. */
    public synchronized String clientState() {
        return clientState;
    }

    public synchronized boolean alive() {
        return endTime == null;
    }

    public synchronized String state() {
        return state;
    }

    /** The call the leg is in now. */
    synchronized Call call() {
        return call;
    }

    /** The leg was handed over to {@code call} (a bridge). */
    synchronized void joined(Call call) {
        this.call = call;
    }

    synchronized void state(String state) {
        this.state = state;
    }

    /** The client state a command set, to echo in this leg's later webhooks. */
    synchronized void clientState(String clientState) {
        if (clientState != null) {
            this.clientState = clientState;
        }
    }

    /** Whether a command with this id was done for this leg already. */
    synchronized boolean done(String commandId) {
        return commandId != null && commands.contains(commandId);
    }

    /** Remembers a command's id, so that a repeat of it is done once. */
    synchronized void remember(String commandId) {
        if (commandId != null && commands.add(commandId) && commands.size() > REMEMBERED_COMMANDS) {
            commands.remove(commands.iterator().next());
        }
    }

    /** Marks the leg ended; false when it had ended already. */
    synchronized boolean end(Instant at, String cause, String source) {
        if (endTime != null) {
            return false;
        }
        endTime = at;
        hangupCause = cause;
        hangupSource = source;
        state = "hangup";
        return true;
    }

    /** The payload of this leg's webhooks, in the Telnyx field names. */
    public synchronized Map<String, Object> payload() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("call_control_id", callControlId);
        payload.put("call_leg_id", callLegId);
        payload.put("call_session_id", callSessionId);
        payload.put("connection_id", Long.toString(connectionId));
        payload.put("from", from);
        payload.put("to", to);
        payload.put("direction", direction == Direction.INCOMING ? "incoming" : "outgoing");
        payload.put("state", state);
        payload.put("start_time", startTime.toString());
        if (clientState != null) {
            payload.put("client_state", clientState);
        }
        if (endTime != null) {
            payload.put("end_time", endTime.toString());
            payload.put("hangup_cause", hangupCause);
            payload.put("hangup_source", hangupSource);
        }
        return payload;
    }

    public synchronized Instant endTime() {
        return endTime;
    }
}
