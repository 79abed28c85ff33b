package io.telcred.call;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * One call: the caller's leg and, once a device answers, the callee's; before that, every device
 * of the callee that rings. Doors drive it with what their endpoint did, naming their leg; the call
 * moves its state and tells the other side through its {@link LegSignals}. It never knows which
 * protocol a leg speaks, so a browser and a phone are bridged like two browsers. Every method takes
 * the call's lock: each leg's events arrive on its own thread, and the order of two events (an
 * answer and a cancel, say) must be one order for both sides.
 */
public final class Call {

    private final String id;
    private final Party caller;
    private final LegSignals callerLeg;
    private final Consumer<Call> onEnded;
    private final MediaRelay relay;
    private final List<LegSignals> alerting = new ArrayList<>();
    /** Callee legs whose offer went through the relay: their answers go back through it too. */
    private final Set<LegSignals> relayed = new HashSet<>();
    private MediaProfile callerMedia = MediaProfile.PLAIN;
    private LegSignals calleeLeg;
    private CallState state = CallState.TRYING;
    private HangupCause cause;
    private boolean callerHolds;
    private boolean calleeHolds;
    private ScheduledFuture<?> noAnswerTimer;
    /** The caller's offer of a parked call, rung to whoever the application sends it to. */
    private String parkedOffer;
    private CallObserver observer = CallObserver.NONE;

    Call(String id, Party caller, LegSignals callerLeg, MediaRelay relay, Consumer<Call> onEnded) {
        this.id = id;
        this.relay = relay;
        this.caller = caller;
        this.callerLeg = callerLeg;
        this.onEnded = onEnded;
    }

    /**
     * Offers the call to every device of the callee; the first to answer wins. A device whose media
     * profile differs from the caller's gets the offer through the relay; without one, a browser
     * cannot take a plain-RTP offer and is not rung, and the call ends with INCOMPATIBLE_DESTINATION
     * when no device can take it. A SIP device is offered a browser's SDP as it is (it may speak
     * ICE and DTLS-SRTP); its answer tells. With no {@code sdp} (a delayed offer), each device
     * offers in its answer, and that offer is what the caller leg gets.
     */
    synchronized void ring(List<LegSignals> legs, String sdp, ScheduledFuture<?> noAnswer) {
        this.noAnswerTimer = noAnswer;
        if (state == CallState.ENDED) {
            legs.forEach(leg -> leg.ended(cause));
            noAnswer.cancel(false);
            return;
        }
        this.callerMedia = MediaProfile.of(sdp);
        Map<LegSignals, String> offers = new LinkedHashMap<>();
        Map<MediaProfile, String> rewritten = new EnumMap<>(MediaProfile.class);
        for (LegSignals leg : legs) {
            MediaProfile wanted = leg.media();
            if (wanted == callerMedia) {
                offers.put(leg, sdp);
            } else if (relay != null) {
                String offer = rewritten.computeIfAbsent(wanted, profile -> relayOffer(sdp, profile));
                if (offer != null) {
                    offers.put(leg, offer);
                    relayed.add(leg);
                }
            } else if (wanted == MediaProfile.PLAIN) {
                offers.put(leg, sdp);
            }
        }
        legs.stream().filter(leg -> !offers.containsKey(leg)).forEach(leg -> leg.ended(HangupCause.INCOMPATIBLE_DESTINATION));
        if (offers.isEmpty()) {
            fail(relay != null && !rewritten.isEmpty() ? HangupCause.NORMAL_TEMPORARY_FAILURE
                    : HangupCause.INCOMPATIBLE_DESTINATION);
            return;
        }
        alerting.addAll(offers.keySet());
        offers.forEach((leg, offer) -> leg.offer(this, caller, offer));
    }

    /** Tells {@code observer} of the call's answer and end (call control's webhooks). */
    public synchronized void observe(CallObserver observer) {
        this.observer = observer;
    }

    /**
     * Parks the call: nobody is rung yet, the caller hears it ring, and an application decides
     * where it goes ({@link #ringParked}) or ends it ({@link #fail}).
     */
    public synchronized void park(String offer) {
        if (state != CallState.TRYING) {
            return;
        }
        parkedOffer = offer;
        state = CallState.RINGING;
        callerLeg.ringing();
    }

    /** Whether the call waits, parked, for its application to send it somewhere. */
    public synchronized boolean parked() {
        return parkedOffer != null && alerting.isEmpty() && calleeLeg == null && state != CallState.ENDED;
    }

    /** Rings a parked call's offer to these devices; the first to answer is bridged to the caller. */
    public void ringParked(List<LegSignals> legs, ScheduledFuture<?> noAnswer) {
        String offer;
        synchronized (this) {
            offer = parkedOffer;
        }
        ring(legs, offer, noAnswer);
    }

    /**
     * Stops ringing the devices a parked call was sent to, none having answered in time: the call
     * is parked again for its application. Any other call ends with {@code why}.
     */
    public synchronized void stopRinging(HangupCause why) {
        if (state == CallState.ENDED || calleeLeg != null) {
            return;
        }
        if (parkedOffer == null) {
            fail(why);
            return;
        }
        alerting.forEach(leg -> leg.ended(HangupCause.ORIGINATOR_CANCEL));
        alerting.clear();
        backToPark(why);
    }

    /** The devices a parked call rang are gone unanswered: it waits for its application again. */
    private void backToPark(HangupCause why) {
        cancelNoAnswerTimer();
        state = CallState.RINGING;
        freeRelay();
        observer.calleeFailed(this, why);
    }

    /**
     * Gives this answered call's callee leg up to another call (call control's bridge): the call
     * ends without a word to either leg or to its observer, and the leg, still up, is returned.
     * Null, and nothing changed, when the call is not answered or has ended.
     */
    public synchronized LegSignals handOver() {
        if (!state.answered() || calleeLeg == null) {
            return null;
        }
        LegSignals leg = calleeLeg;
        calleeLeg = null;
        state = CallState.ENDED;
        cause = HangupCause.NORMAL_CLEARING;
        freeRelay();
        onEnded.accept(this);
        return leg;
    }

    /** A callee device alerts. */
    public synchronized void ringing(LegSignals from) {
        if (state == CallState.TRYING && alerting.contains(from)) {
            state = CallState.RINGING;
            callerLeg.ringing();
        }
    }

    /** A callee device sends media before answering. */
    public synchronized void earlyMedia(LegSignals from, String sdp) {
        if ((state == CallState.TRYING || state == CallState.RINGING) && alerting.contains(from)) {
            String forCaller = forCaller(from, sdp);
            if (forCaller != null) {
                state = CallState.EARLY;
                callerLeg.earlyMedia(forCaller);
            }
        }
    }

    /**
     * A callee device answers. True when it won the call; false when the call already ended or
     * another device answered first (that device's leg is then told it lost).
     */
    public synchronized boolean answer(LegSignals from, String sdp) {
        if (state.answered() || state == CallState.ENDED || !alerting.contains(from)) {
            return false;
        }
        String forCaller = forCaller(from, sdp);
        if (forCaller == null) {
            from.ended(HangupCause.INCOMPATIBLE_DESTINATION);
            hangup(from, HangupCause.INCOMPATIBLE_DESTINATION);
            return false;
        }
        alerting.remove(from);
        calleeLeg = from;
        state = CallState.ACTIVE;
        cancelNoAnswerTimer();
        alerting.forEach(leg -> leg.ended(HangupCause.LOSE_RACE));
        alerting.clear();
        callerLeg.answered(forCaller);
        observer.answered(this);
        return true;
    }

    /**
     * A leg hangs up (or rejects, or cancels) with a cause. The caller before the answer cancels
     * every device; one device's rejection ends the call only when no other device still rings.
     */
    public synchronized void hangup(LegSignals from, HangupCause why) {
        if (state == CallState.ENDED) {
            return;
        }
        if (from == callerLeg) {
            if (calleeLeg != null) {
                calleeLeg.ended(why);
            }
            alerting.forEach(leg -> leg.ended(HangupCause.ORIGINATOR_CANCEL));
            end(calleeLeg == null ? HangupCause.ORIGINATOR_CANCEL : why, CallObserver.Side.CALLER);
        } else if (from == calleeLeg) {
            callerLeg.ended(why);
            end(why, CallObserver.Side.CALLEE);
        } else if (alerting.remove(from) && alerting.isEmpty()) {
            if (parkedOffer != null) {
                backToPark(why);
                return;
            }
            callerLeg.ended(why);
            end(why, CallObserver.Side.CALLEE);
        }
    }

    /** Ends the call from outside its legs: nobody to ring, nobody answered in time, an application's command. */
    public synchronized void fail(HangupCause why) {
        if (state == CallState.ENDED) {
            return;
        }
        callerLeg.ended(why);
        if (calleeLeg != null) {
            calleeLeg.ended(why);
        }
        alerting.forEach(leg -> leg.ended(why));
        end(why, CallObserver.Side.NEITHER);
    }

    /** A leg holds or resumes; returns the call's state after it. Only an answered call can be held. */
    public synchronized CallState hold(LegSignals from, boolean held) {
        if (!state.answered()) {
            return state;
        }
        LegSignals other = otherSide(from);
        if (other == null) {
            return state;
        }
        boolean changed;
        if (from == callerLeg) {
            changed = callerHolds != held;
            callerHolds = held;
        } else {
            changed = calleeHolds != held;
            calleeHolds = held;
        }
        state = callerHolds || calleeHolds ? CallState.HELD : CallState.ACTIVE;
        if (changed) {
            other.holdChanged(held);
        }
        return state;
    }

    /** Whether this leg has put the call on hold. */
    public synchronized boolean holds(LegSignals leg) {
        return leg == callerLeg ? callerHolds : leg == calleeLeg && calleeHolds;
    }

    /** DTMF or text to the other side of an answered call. */
    public synchronized boolean info(LegSignals from, CallInfo info) {
        LegSignals other = state.answered() ? otherSide(from) : null;
        if (other != null) {
            other.info(info);
        }
        return other != null;
    }

    /** A trickled candidate to the other side; before the answer, from the caller to every ringing device. */
    public synchronized void candidate(LegSignals from, IceCandidate candidate) {
        if (state == CallState.ENDED) {
            return;
        }
        if (from == callerLeg) {
            if (calleeLeg != null) {
                calleeLeg.candidate(candidate);
            } else {
                alerting.forEach(leg -> leg.candidate(candidate));
            }
        } else if (from == calleeLeg || alerting.contains(from)) {
            callerLeg.candidate(candidate);
        }
    }

    public String id() {
        return id;
    }

    public Party caller() {
        return caller;
    }

    public synchronized CallState state() {
        return state;
    }

    /** Why it ended, or null while it goes on. */
    public synchronized HangupCause cause() {
        return cause;
    }

    public LegSignals callerLeg() {
        return callerLeg;
    }

    private LegSignals otherSide(LegSignals leg) {
        if (leg == callerLeg) {
            return calleeLeg;
        }
        return leg == calleeLeg ? callerLeg : null;
    }

    private void end(HangupCause why, CallObserver.Side side) {
        state = CallState.ENDED;
        cause = why;
        alerting.clear();
        cancelNoAnswerTimer();
        freeRelay();
        onEnded.accept(this);
        observer.ended(this, why, side);
    }

    private void freeRelay() {
        if (!relayed.isEmpty()) {
            relayed.clear();
            try {
                relay.delete(id);
            } catch (MediaRelay.RelayException e) {
                // The relay frees a forgotten call's ports on its own timeout.
            }
        }
    }

    private String relayOffer(String sdp, MediaProfile to) {
        try {
            return relay.offer(id, sdp, to);
        } catch (MediaRelay.RelayException e) {
            return null;
        }
    }

    /**
     * A callee's SDP as the caller must get it: through the relay when its offer went through it;
     * null when the caller cannot use it (a browser answered with plain RTP, or the relay failed).
     */
    private String forCaller(LegSignals from, String sdp) {
        if (relayed.contains(from)) {
            try {
                return relay.answer(id, sdp, callerMedia);
            } catch (MediaRelay.RelayException e) {
                return null;
            }
        }
        return callerMedia == MediaProfile.WEBRTC && MediaProfile.of(sdp) != MediaProfile.WEBRTC ? null : sdp;
    }

    private void cancelNoAnswerTimer() {
        if (noAnswerTimer != null) {
            noAnswerTimer.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "Call[" + id + " " + caller.loginName() + "]";
    }
}
