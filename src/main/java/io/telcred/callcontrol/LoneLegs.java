package io.telcred.callcontrol;

import io.telcred.call.Call;
import io.telcred.call.CallInfo;
import io.telcred.call.CallObserver;
import io.telcred.call.CallState;
import io.telcred.call.Calls;
import io.telcred.call.CustomHeader;
import io.telcred.call.HangupCause;
import io.telcred.call.IceCandidate;
import io.telcred.call.LegSignals;
import io.telcred.call.MediaProfile;
import io.telcred.call.Party;
import io.telcred.common.DomainException;
import io.telcred.common.Problem;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Legs dialled without {@code link_to}: a call of their own from the application, which has no
 * device, to the callee's SIP devices, rung with no offer (RFC 3725). The answering device offers
 * in its 200 and is held until a {@code bridge} hands it over to a parked call, whose caller's
 * offer it then gets in a re-INVITE; until then it stays up, and a hangup ends it.
 */
final class LoneLegs {

    private final Calls calls;
    private final Legs legs;
    private final Clock clock;
    /** The lone legs not bridged yet, by call_control_id. */
    private final Map<String, ControlledLeg> alone = new ConcurrentHashMap<>();

    LoneLegs(Calls calls, Legs legs, Clock clock) {
        this.calls = calls;
        this.legs = legs;
        this.clock = clock;
    }

    /** Rings {@code callee}'s SIP devices for the application, from {@code caller}; 422 when it has none. */
    ControlledLeg dial(String accountId, long connectionId, Party caller, String from, Party callee, String clientState,
                       List<CustomHeader> headers, long timeoutSecs, Long timeLimitSecs) {
        if (!calls.reachableWithoutOffer(callee)) {
            throw DomainException.invalid("to", "The credential " + callee.loginName() + " has only WebRTC sessions "
                    + "now, and a WebRTC session cannot be called without an offer (an INVITE without SDP), which "
                    + "dialling without 'link_to' needs: dial it with 'link_to' a parked call instead.");
        }
        Call call = calls.start(caller, new NoDevice());
        if (call.state() == CallState.ENDED) {
            throw DomainException.of(Problem.UNAVAILABLE, "This node carries the most calls it may now; try again later.");
        }
        ControlledLeg leg = new ControlledLeg(call, accountId, connectionId, ControlledLeg.Direction.OUTGOING, from,
                callee.loginName(), clientState, clock.instant());
        legs.add(leg);
        alone.put(leg.callControlId(), leg);
        call.observe(new Alone(leg, timeLimitSecs));
        if (!calls.ringWithoutOffer(call, callee, headers, timeoutSecs * 1000)) {
            alone.remove(leg.callControlId());
            legs.forget(leg);
            call.observe(CallObserver.NONE);
            call.fail(HangupCause.SUBSCRIBER_ABSENT);
            throw DomainException.invalid("to", "The credential " + callee.loginName() + " is not registered now: "
                    + "it has no SIP registration to ring.");
        }
        legs.announce(leg, "call.initiated");
        return leg;
    }

    /**
     * Bridges an answered lone leg to a parked call: the lone call hands its device over, and the
     * parked call offers itself to it; the device's answer bridges them ({@link ParkedCallObserver}).
     */
    void bridge(ControlledLeg parked, ParkedCallObserver observer, ControlledLeg lone, long timeoutMillis) {
        if (alone.remove(lone.callControlId()) == null) {
            throw DomainException.refused("The call " + lone.callControlId() + " cannot be bridged to a parked "
                    + "call: only a leg dialled without 'link_to' that has answered can.");
        }
        LegSignals device = lone.call().handOver();
        if (device == null) {
            alone.put(lone.callControlId(), lone);
            throw DomainException.refused("The call " + lone.callControlId() + " has not answered yet; bridge it "
                    + "once call.answered came.");
        }
        lone.joined(parked.call());
        observer.bridging(lone);
        parked.state("bridging");
        calls.ringParked(parked.call(), device, timeoutMillis);
    }

    /** The lone call's answer and end, as its leg's webhooks. */
    private final class Alone implements CallObserver {

        private final ControlledLeg leg;
        private final Long timeLimitSecs;

        Alone(ControlledLeg leg, Long timeLimitSecs) {
            this.leg = leg;
            this.timeLimitSecs = timeLimitSecs;
        }

        @Override
        public void answered(Call call) {
            leg.state("active");
            legs.announce(leg, "call.answered");
            if (timeLimitSecs != null) {
                // Whichever call the leg is in by then: a bridge keeps the limit of its dial.
                calls.schedule(() -> leg.call().fail(HangupCause.ALLOTTED_TIMEOUT), timeLimitSecs * 1000);
            }
        }

        @Override
        public void ended(Call call, HangupCause cause, Side endedBy) {
            alone.remove(leg.callControlId());
            legs.end(leg, cause, endedBy);
        }
    }

    /**
     * The caller's side of a lone call: the application, which has no device. What the call tells
     * it (the device's offer in its answer, its end) reaches the application as webhooks instead.
     */
    private static final class NoDevice implements LegSignals {

        @Override
        public MediaProfile media() {
            return MediaProfile.PLAIN;
        }

        @Override
        public void offer(Call call, Party caller, String sdp) {
            throw new IllegalStateException("a caller's leg is never offered a call");
        }

        @Override
        public void ringing() {
        }

        @Override
        public void earlyMedia(String sdp) {
        }

        @Override
        public void answered(String sdp) {
        }

        @Override
        public void ended(HangupCause cause) {
        }

        @Override
        public void holdChanged(boolean held) {
        }

        @Override
        public void info(CallInfo info) {
        }

        @Override
        public void candidate(IceCandidate candidate) {
        }
    }
}
