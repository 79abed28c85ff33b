package io.telcred.callcontrol;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.telcred.call.Call;
import io.telcred.call.CallObserver;
import io.telcred.call.Calls;
import io.telcred.call.HangupCause;
import io.telcred.call.Parking;
import io.telcred.call.Party;
import io.telcred.common.DomainException;
import io.telcred.common.Problem;
import io.telcred.connection.ConnectionService;
import io.telcred.connection.CredentialConnection;
import io.telcred.directory.Directory;
import io.telcred.directory.Login;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Third-party call control (RFC 3725) for applications: a credential connection whose
 * {@code webhook_event_url} is set. A call from one of its logins to a name that is no login of
 * the account is parked (the caller hears ringing) and announced; the application then rings a
 * logged-in credential with the parked caller's offer ({@code link_to} and
 * {@code bridge_on_answer}, or {@code transfer}), rejects it, or hangs up. telcred has no media
 * server: it connects the two parties' SDPs, and media flows between them (or through the relay).
 */
public final class CallControl implements Parking {

    private static final Logger LOG = LoggerFactory.getLogger(CallControl.class);
    /** Media actions: they need a media server, which telcred is not. */
    private static final List<String> MEDIA_ACTIONS = List.of("answer", "speak", "playback_start", "playback_stop",
            "gather", "gather_using_audio", "gather_using_speak", "gather_stop", "record_start", "record_stop",
            "send_dtmf", "fork_start", "fork_stop", "transcription_start", "transcription_stop", "streaming_start",
            "streaming_stop");

    private final Directory directory;
    private final ConnectionService connections;
    private final Calls calls;
    private final CallControlSettings settings;
    private final Clock clock;
    private final Executor executor;
    private volatile CallEvents events = (leg, type, payload) -> { };
    private final Map<String, ControlledLeg> live = new ConcurrentHashMap<>();
    private final Cache<String, ControlledLeg> ended;
    /** Each parked call's observer, by call id, while the call lasts. */
    private final Map<String, Observer> observers = new ConcurrentHashMap<>();

    public CallControl(Directory directory, ConnectionService connections, Calls calls, CallControlSettings settings,
                       Clock clock, Executor executor) {
        this.directory = directory;
        this.connections = connections;
        this.calls = calls;
        this.settings = settings;
        this.clock = clock;
        this.executor = executor;
        this.ended = Caffeine.newBuilder().expireAfterWrite(settings.statusRetention()).maximumSize(1_000_000).build();
    }

    /** Where the events go (the webhook outbox). */
    public void publishTo(CallEvents events) {
        this.events = events;
    }

    /** A call to {@code destination}, no login of the account: parked when the caller's connection is an application. */
    @Override
    public void parkOrRefuse(Call call, String destination, String offer) {
        executor.execute(() -> {
            try {
                Optional<Login> caller = directory.find(call.caller().loginName()).join();
                Optional<CredentialConnection> application = caller.flatMap(login -> application(login.accountId(),
                        Long.toString(login.connectionId())));
                if (application.isEmpty()) {
                    call.fail(HangupCause.UNALLOCATED_NUMBER);
                    return;
                }
                ControlledLeg leg = new ControlledLeg(call, call.caller().accountId(), application.get().id(),
                        ControlledLeg.Direction.INCOMING, call.caller().loginName(), destination, null, clock.instant());
                live.put(leg.callControlId(), leg);
                call.observe(new Observer(leg));
                call.park(offer);
                publish(leg, "call.initiated");
                endIfStillParked(call);
            } catch (RuntimeException e) {
                LOG.warn("could not park call {}: {}", call.id(), e.toString());
                call.fail(HangupCause.NORMAL_TEMPORARY_FAILURE);
            }
        });
    }

    /** Gives the application the park time to send the call somewhere; still parked then, it ends. */
    private void endIfStillParked(Call call) {
        calls.schedule(() -> {
            if (call.parked()) {
                call.fail(HangupCause.NO_ANSWER);
            }
        }, settings.parkTimeout().toMillis());
    }

    /** {@code POST /v2/calls}. */
    public ControlledLeg dial(String accountId, Dial dial) {
        CredentialConnection application = requireApplication(accountId, dial.connectionId());
        if (dial.linkTo() == null || !Boolean.TRUE.equals(dial.bridgeOnAnswer())) {
            throw DomainException.invalid("link_to", "telcred dials a credential for a parked call: give 'link_to' (the "
                    + "parked call's call_control_id) and 'bridge_on_answer': true. Dialling a leg on its own to bridge "
                    + "later is not available.");
        }
        if (!dial.customHeaders().isEmpty()) {
            throw DomainException.invalid("custom_headers", "'custom_headers' cannot be passed to the dialled legs yet; "
                    + "send the command without them.");
        }
        ControlledLeg parked = liveLeg(accountId, dial.linkTo(), "link_to");
        long timeout = dial.timeoutSecs() == null ? settings.defaultTimeout().toSeconds() : dial.timeoutSecs();
        if (timeout < 1 || timeout > 600) {
            throw DomainException.invalid("timeout_secs", "'timeout_secs' must be between 1 and 600.");
        }
        if (dial.timeLimitSecs() != null && (dial.timeLimitSecs() < 1 || dial.timeLimitSecs() > 14_400)) {
            throw DomainException.invalid("time_limit_secs", "'time_limit_secs' must be between 1 and 14400.");
        }
        return ringFor(parked, accountId, application.id(), dial.to(), "to", dial.from(), dial.clientState(), timeout,
                dial.timeLimitSecs());
    }

    /**
     * {@code POST /v2/calls/{id}/actions/{action}}: {@code hangup}, {@code reject} (with
     * {@code cause} USER_BUSY or CALL_REJECTED), {@code transfer} (to a credential) and
     * {@code bridge}. A command repeated with the same {@code commandId} is done once.
     */
    public void act(String accountId, String callControlId, String action, Action command) {
        ControlledLeg leg = leg(accountId, callControlId);
        if (leg.done(command.commandId())) {
            return;
        }
        if (!leg.alive()) {
            throw DomainException.of(Problem.CALL_ENDED, "This call has already ended; no command can change it.");
        }
        String name = action.toLowerCase(Locale.ROOT);
        if (MEDIA_ACTIONS.contains(name)) {
            throw DomainException.refused("'" + action + "' needs a media server, and telcred has none: it connects the "
                    + "parties' own media. Bridge the call to a credential (dial with link_to and bridge_on_answer, or "
                    + "transfer), reject it, or hang it up.");
        }
        if (!List.of("hangup", "reject", "transfer", "bridge").contains(name)) {
            throw DomainException.notFound("There is no call action '" + action + "'.");
        }
        leg.remember(command.commandId());
        leg.clientState(command.clientState());
        switch (name) {
            case "hangup" -> leg.call().fail(HangupCause.NORMAL_CLEARING);
            case "reject" -> reject(leg, command.cause());
            case "transfer" -> transfer(leg, accountId, command);
            default -> bridge(leg, accountId, command.callControlIdToBridge());
        }
    }

    /** The leg, alive or ended within the retention time. */
    public ControlledLeg status(String accountId, String callControlId) {
        return leg(accountId, callControlId);
    }

    /** The live legs of an application (404 for a connection of another account). */
    public List<ControlledLeg> active(String accountId, String connectionId) {
        connections.get(accountId, connectionId);
        CredentialConnection application = requireApplication(accountId, connectionId);
        return live.values().stream().filter(leg -> leg.accountId().equals(accountId)
                && leg.connectionId() == application.id()).toList();
    }

    private void reject(ControlledLeg leg, String cause) {
        if (leg.direction() != ControlledLeg.Direction.INCOMING || !leg.call().parked()) {
            throw DomainException.refused("Only a parked incoming call can be rejected; hang this one up instead.");
        }
        String named = cause == null ? "CALL_REJECTED" : cause.toUpperCase(Locale.ROOT);
        HangupCause why = switch (named) {
            case "USER_BUSY" -> HangupCause.USER_BUSY;
            case "CALL_REJECTED" -> HangupCause.CALL_REJECTED;
            default -> throw DomainException.invalid("cause", "'cause' must be USER_BUSY or CALL_REJECTED.");
        };
        leg.call().fail(why);
    }

    private void transfer(ControlledLeg leg, String accountId, Action command) {
        if (leg.direction() != ControlledLeg.Direction.INCOMING || !leg.call().parked()) {
            throw DomainException.refused("Only a parked incoming call can be transferred.");
        }
        ringFor(leg, accountId, leg.connectionId(), command.to(), "to", null, null,
                settings.defaultTimeout().toSeconds(), null);
    }

    /** The two legs of one bridge are bridged already, by link_to and bridge_on_answer; anything else cannot be. */
    private void bridge(ControlledLeg leg, String accountId, String other) {
        ControlledLeg target = leg(accountId, other == null ? "" : other);
        if (!target.callSessionId().equals(leg.callSessionId())) {
            throw DomainException.refused("telcred bridges a parked call to the leg dialled for it with link_to and "
                    + "bridge_on_answer; these two legs belong to different calls.");
        }
    }

    private ControlledLeg ringFor(ControlledLeg parked, String accountId, long connectionId, String to, String field,
                                  String from, String clientState, long timeoutSecs, Long timeLimitSecs) {
        if (!parked.call().parked()) {
            throw DomainException.refused("The call " + parked.callControlId() + " is not parked: it rings someone "
                    + "already, or was answered.");
        }
        Login callee = requireCredential(accountId, to, field);
        Party party = new Party(callee.loginName(), callee.accountId());
        ControlledLeg leg = new ControlledLeg(parked.call(), accountId, connectionId, ControlledLeg.Direction.OUTGOING,
                from == null ? parked.from() : from, callee.loginName(), clientState,
                clock.instant());
        live.put(leg.callControlId(), leg);
        Observer observer = observers.get(parked.callSessionId());
        if (observer != null) {
            observer.outgoing(leg, timeLimitSecs);
        }
        if (!calls.ringParked(parked.call(), party, timeoutSecs * 1000)) {
            live.remove(leg.callControlId());
            throw DomainException.refused("The credential " + callee.loginName() + " is not registered now: it has no "
                    + "SIP registration and no WebRTC session to ring.");
        }
        parked.state("bridging");
        publish(leg, "call.initiated");
        return leg;
    }

    private Login requireCredential(String accountId, String to, String field) {
        if (to == null || to.isBlank()) {
            throw DomainException.missing(field);
        }
        String user = Calls.userPart(to);
        Optional<Login> login = directory.find(user).join().filter(found -> found.accountId().equals(accountId));
        if (login.isEmpty()) {
            throw DomainException.invalid(field, "'" + field + "' must be a credential's user name of this account "
                    + "(or sip:<user name>@<domain>); there is none named '" + user + "'.");
        }
        if (!calls.reachable(new Party(login.get().loginName(), accountId))) {
            throw DomainException.invalid(field, "The credential " + login.get().loginName() + " is not registered "
                    + "now: it has no SIP registration and no WebRTC session to ring.");
        }
        return login.get();
    }

    private CredentialConnection requireApplication(String accountId, String connectionId) {
        if (connectionId == null || connectionId.isBlank()) {
            throw DomainException.missing("connection_id");
        }
        return application(accountId, connectionId).orElseThrow(() -> DomainException.invalid("connection_id",
                "'connection_id' must be a credential connection of this account whose webhook_event_url is set "
                        + "(a call-control application)."));
    }

    private Optional<CredentialConnection> application(String accountId, String connectionId) {
        try {
            CredentialConnection connection = connections.get(accountId, connectionId);
            String url = connection.settings().webhookEventUrl();
            return url == null || url.isBlank() ? Optional.empty() : Optional.of(connection);
        } catch (DomainException notFound) {
            return Optional.empty();
        }
    }

    private ControlledLeg liveLeg(String accountId, String callControlId, String field) {
        ControlledLeg leg = leg(accountId, callControlId);
        if (!leg.alive()) {
            throw DomainException.of(Problem.CALL_ENDED, "The call in '" + field + "' has already ended.");
        }
        return leg;
    }

    private ControlledLeg leg(String accountId, String callControlId) {
        ControlledLeg leg = live.get(callControlId);
        if (leg == null) {
            leg = ended.getIfPresent(callControlId);
        }
        if (leg == null || !leg.accountId().equals(accountId)) {
            throw DomainException.notFound("No call with call_control_id " + callControlId + ".");
        }
        return leg;
    }

    private void publish(ControlledLeg leg, String eventType) {
        try {
            events.publish(leg, eventType, leg.payload());
        } catch (RuntimeException e) {
            LOG.warn("could not queue {} of call {}: {}", eventType, leg.callSessionId(), e.toString());
        }
    }

    private void retire(ControlledLeg leg) {
        live.remove(leg.callControlId());
        ended.put(leg.callControlId(), leg);
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
            default -> "unspecified";
        };
    }

    /** Turns one call's answer and end into its legs' webhooks. */
    private final class Observer implements CallObserver {

        private final ControlledLeg incoming;
        private volatile ControlledLeg outgoing;
        private volatile Long timeLimitSecs;

        Observer(ControlledLeg incoming) {
            this.incoming = incoming;
            observers.put(incoming.callSessionId(), this);
        }

        void outgoing(ControlledLeg leg, Long timeLimit) {
            this.outgoing = leg;
            this.timeLimitSecs = timeLimit;
        }

        @Override
        public void answered(Call call) {
            ControlledLeg callee = outgoing;
            if (callee == null) {
                return;
            }
            incoming.state("active");
            callee.state("active");
            publish(callee, "call.answered");
            publish(incoming, "call.bridged");
            publish(callee, "call.bridged");
            Long limit = timeLimitSecs;
            if (limit != null) {
                calls.schedule(() -> call.fail(HangupCause.NORMAL_CLEARING), limit * 1000);
            }
        }

        /** The dialled leg ends on its own (no answer, refused); the caller waits, parked, for another command. */
        @Override
        public void calleeFailed(Call call, HangupCause cause) {
            ControlledLeg callee = outgoing;
            outgoing = null;
            incoming.state("parked");
            if (callee != null && callee.end(clock.instant(), hangupCause(cause), "callee")) {
                retire(callee);
                publish(callee, "call.hangup");
            }
            endIfStillParked(call);
        }

        @Override
        public void ended(Call call, HangupCause cause, Side endedBy) {
            observers.remove(call.id());
            String telnyxCause = hangupCause(cause);
            String source = switch (endedBy) {
                case CALLER -> "caller";
                case CALLEE -> "callee";
                case NEITHER -> "unknown";
            };
            for (ControlledLeg leg : outgoing == null ? List.of(incoming) : List.of(incoming, outgoing)) {
                if (leg.end(clock.instant(), telnyxCause, source)) {
                    retire(leg);
                    publish(leg, "call.hangup");
                }
            }
        }
    }

    /**
     * A command's fields; null when not given.
     *
     * @param callControlIdToBridge {@code bridge}'s {@code call_control_id}: the other leg
     */
    public record Action(String commandId, String clientState, String cause, String to, String callControlIdToBridge) {
    }
}
