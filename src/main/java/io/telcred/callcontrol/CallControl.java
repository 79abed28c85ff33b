package io.telcred.callcontrol;

import io.telcred.call.Call;
import io.telcred.call.Calls;
import io.telcred.call.CustomHeader;
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
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Third-party call control (RFC 3725) for applications: a credential connection whose
 * {@code webhook_event_url} is set. A call from one of its logins to a name that is no login of
 * the account is parked (the caller hears ringing) and announced; the application then rings a
 * logged-in credential with the parked caller's offer ({@code link_to} and
 * {@code bridge_on_answer}, or {@code transfer}), bridges it to a leg it dialled on its own
 * ({@link LoneLegs}), rejects it, or hangs up. telcred has no media server: it connects the two
 * parties' SDPs, and media flows between them (or through the relay).
 */
public final class CallControl implements Parking {

    private static final Logger LOG = LoggerFactory.getLogger(CallControl.class);
    /** Media actions: they need a media server, which telcred is not. */
    private static final List<String> MEDIA_ACTIONS = List.of("answer", "speak", "playback_start", "playback_stop",
            "gather", "gather_using_audio", "gather_using_speak", "gather_stop", "record_start", "record_stop",
            "send_dtmf", "fork_start", "fork_stop", "transcription_start", "transcription_stop", "streaming_start",
            "streaming_stop");
    /** A {@code from} that can be the user part of the dialled devices' From URI as it is. */
    private static final Pattern SIP_USER = Pattern.compile("[A-Za-z0-9+._~-]{1,64}");

    private final Directory directory;
    private final ConnectionService connections;
    private final Calls calls;
    private final CallControlSettings settings;
    private final Clock clock;
    private final Executor executor;
    private final Legs legs;
    private final LoneLegs lone;
    /** Each parked call's observer, by call id, while the call lasts. */
    private final Map<String, ParkedCallObserver> parkedCalls = new ConcurrentHashMap<>();

    public CallControl(Directory directory, ConnectionService connections, Calls calls, CallControlSettings settings,
                       Clock clock, Executor executor) {
        this.directory = directory;
        this.connections = connections;
        this.calls = calls;
        this.settings = settings;
        this.clock = clock;
        this.executor = executor;
        this.legs = new Legs(settings.statusRetention(), clock);
        this.lone = new LoneLegs(calls, legs, clock);
    }

    /** Where the events go (the webhook outbox). */
    public void publishTo(CallEvents events) {
        legs.publishTo(events);
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
                legs.add(leg);
                ParkedCallObserver observer = new ParkedCallObserver(leg, legs, calls, this::endIfStillParked,
                        () -> parkedCalls.remove(call.id()));
                parkedCalls.put(call.id(), observer);
                call.observe(observer);
                call.park(offer);
                legs.announce(leg, "call.initiated");
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

    /**
     * {@code POST /v2/calls}: with {@code link_to} a parked call, rings the callee with the parked
     * caller's offer; without, rings the callee's SIP devices on their own, to be bridged later.
     */
    public ControlledLeg dial(String accountId, Dial dial) {
        CredentialConnection application = requireApplication(accountId, dial.connectionId());
        List<CustomHeader> headers = CustomHeaders.checked(dial.customHeaders(), settings.maxCustomHeaders(),
                settings.maxCustomHeaderLength());
        long timeout = dial.timeoutSecs() == null ? settings.defaultTimeout().toSeconds() : dial.timeoutSecs();
        if (timeout < 1 || timeout > 600) {
            throw DomainException.invalid("timeout_secs", "'timeout_secs' must be between 1 and 600.");
        }
        if (dial.timeLimitSecs() != null && (dial.timeLimitSecs() < 1 || dial.timeLimitSecs() > 14_400)) {
            throw DomainException.invalid("time_limit_secs", "'time_limit_secs' must be between 1 and 14400.");
        }
        if (dial.linkTo() == null) {
            Login callee = requireCredential(accountId, dial.to(), "to");
            String from = dial.from() == null ? application.userName() : dial.from();
            String user = Calls.userPart(from);
            Party caller = new Party(SIP_USER.matcher(user).matches() ? user : application.userName(), accountId);
            return lone.dial(accountId, application.id(), caller, from, new Party(callee.loginName(), accountId),
                    dial.clientState(), headers, timeout, dial.timeLimitSecs());
        }
        if (!Boolean.TRUE.equals(dial.bridgeOnAnswer())) {
            throw DomainException.invalid("bridge_on_answer", "A leg dialled with 'link_to' is bridged on answer: give "
                    + "'bridge_on_answer': true, or dial without 'link_to' and bridge the two later.");
        }
        ControlledLeg parked = legs.alive(accountId, dial.linkTo(), "link_to");
        return ringFor(parked, accountId, application.id(), dial.to(), dial.from(), dial.clientState(), headers,
                timeout, dial.timeLimitSecs());
    }

    /**
     * {@code POST /v2/calls/{id}/actions/{action}}: {@code hangup}, {@code reject} (with
     * {@code cause} USER_BUSY or CALL_REJECTED), {@code transfer} (to a credential) and
     * {@code bridge}. A command repeated with the same {@code commandId} is done once.
     */
    public void act(String accountId, String callControlId, String action, Action command) {
        ControlledLeg leg = legs.find(accountId, callControlId);
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
        return legs.find(accountId, callControlId);
    }

    /** The live legs of an application (404 for a connection of another account). */
    public List<ControlledLeg> active(String accountId, String connectionId) {
        connections.get(accountId, connectionId);
        return legs.ofApplication(accountId, requireApplication(accountId, connectionId).id());
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
        ringFor(leg, accountId, leg.connectionId(), command.to(), null, null, List.of(),
                settings.defaultTimeout().toSeconds(), null);
    }

    /**
     * Bridges a parked call to a leg dialled on its own that has answered. The two legs of one
     * {@code link_to} are bridged on answer already: bridging them again changes nothing.
     */
    private void bridge(ControlledLeg leg, String accountId, String other) {
        if (other == null || other.isBlank()) {
            throw DomainException.missing("call_control_id");
        }
        ControlledLeg target = legs.alive(accountId, other, "call_control_id");
        if (target.callSessionId().equals(leg.callSessionId())) {
            return;
        }
        ControlledLeg parked = leg.direction() == ControlledLeg.Direction.INCOMING ? leg : target;
        ControlledLeg dialled = parked == leg ? target : leg;
        ParkedCallObserver observer = parkedCalls.get(parked.callSessionId());
        if (dialled.direction() != ControlledLeg.Direction.OUTGOING || observer == null || !parked.call().parked()) {
            throw DomainException.refused("telcred bridges a parked call (one that is not ringing anyone) to a leg "
                    + "dialled without 'link_to' that has answered; these two legs are not such a pair.");
        }
        lone.bridge(parked, observer, dialled, settings.defaultTimeout().toMillis());
    }

    private ControlledLeg ringFor(ControlledLeg parked, String accountId, long connectionId, String to, String from,
                                  String clientState, List<CustomHeader> headers, long timeoutSecs, Long timeLimitSecs) {
        if (!parked.call().parked()) {
            throw DomainException.refused("The call " + parked.callControlId() + " is not parked: it rings someone "
                    + "already, or was answered.");
        }
        Login callee = requireCredential(accountId, to, "to");
        Party party = new Party(callee.loginName(), callee.accountId());
        ControlledLeg leg = new ControlledLeg(parked.call(), accountId, connectionId, ControlledLeg.Direction.OUTGOING,
                from == null ? parked.from() : from, callee.loginName(), clientState, clock.instant());
        legs.add(leg);
        ParkedCallObserver observer = parkedCalls.get(parked.callSessionId());
        if (observer != null) {
            observer.ringing(leg, timeLimitSecs);
        }
        if (!calls.ringParked(parked.call(), party, headers, timeoutSecs * 1000)) {
            legs.forget(leg);
            throw DomainException.refused("The credential " + callee.loginName() + " is not registered now: it has no "
                    + "SIP registration and no WebRTC session to ring.");
        }
        parked.state("bridging");
        legs.announce(leg, "call.initiated");
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

    /**
     * A command's fields; null when not given.
     *
     * @param callControlIdToBridge {@code bridge}'s {@code call_control_id}: the other leg
     */
    public record Action(String commandId, String clientState, String cause, String to, String callControlIdToBridge) {
    }
}
