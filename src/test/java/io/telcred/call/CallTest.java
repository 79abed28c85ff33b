package io.telcred.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The call's state machine, driven directly with recording legs. */
class CallTest {

    private final List<Call> ended = new ArrayList<>();
    private final RecordingLeg caller = new RecordingLeg("caller");
    private final Call call = new Call("c1", new Party("alice", "acct"), caller, null, ended::add);

    @Test
    void answeredCallGoesActiveThenHeldThenEndsWithTheCause() {
        RecordingLeg phone = new RecordingLeg("phone");
        call.ring(List.of(phone), "offer", new NoTimer());
        assertThat(phone.events).containsExactly("offer alice offer");
        call.ringing(phone);
        call.earlyMedia(phone, "early");
        assertThat(call.state()).isEqualTo(CallState.EARLY);
        assertThat(call.answer(phone, "answer")).isTrue();
        assertThat(call.state()).isEqualTo(CallState.ACTIVE);
        assertThat(call.hold(phone, true)).isEqualTo(CallState.HELD);
        assertThat(call.hold(caller, true)).isEqualTo(CallState.HELD);
        assertThat(call.hold(phone, false)).isEqualTo(CallState.HELD);
        assertThat(call.hold(caller, false)).isEqualTo(CallState.ACTIVE);
        call.hangup(phone, HangupCause.NORMAL_CLEARING);

        assertThat(call.state()).isEqualTo(CallState.ENDED);
        assertThat(call.cause()).isEqualTo(HangupCause.NORMAL_CLEARING);
        assertThat(caller.events).containsExactly("ringing", "early early", "answered answer", "hold true", "hold false",
                "ended NORMAL_CLEARING");
        assertThat(phone.events).containsExactly("offer alice offer", "hold true", "hold false");
        assertThat(ended).containsExactly(call);
    }

    @Test
    void oneDeviceRejectingLeavesTheOthersRinging() {
        RecordingLeg desk = new RecordingLeg("desk");
        RecordingLeg mobile = new RecordingLeg("mobile");
        call.ring(List.of(desk, mobile), "offer", new NoTimer());
        call.hangup(desk, HangupCause.USER_BUSY);
        assertThat(call.state()).isEqualTo(CallState.TRYING);
        assertThat(caller.events).isEmpty();
        call.hangup(mobile, HangupCause.CALL_REJECTED);
        assertThat(caller.events).containsExactly("ended CALL_REJECTED");
    }

    @Test
    void anAnswerAfterTheEndOrAfterAnotherAnswerLoses() {
        RecordingLeg desk = new RecordingLeg("desk");
        RecordingLeg mobile = new RecordingLeg("mobile");
        call.ring(List.of(desk, mobile), "offer", new NoTimer());
        assertThat(call.answer(mobile, "a")).isTrue();
        assertThat(call.answer(desk, "b")).isFalse();
        assertThat(desk.events).containsExactly("offer alice offer", "ended LOSE_RACE");
        assertThat(caller.events).containsExactly("answered a");
    }

    @Test
    void infoAndHoldNeedAnAnsweredCall() {
        RecordingLeg phone = new RecordingLeg("phone");
        call.ring(List.of(phone), "offer", new NoTimer());
        assertThat(call.info(caller, new CallInfo("1", null))).isFalse();
        assertThat(call.hold(caller, true)).isEqualTo(CallState.TRYING);
        call.answer(phone, "a");
        assertThat(call.info(caller, new CallInfo("1", null))).isTrue();
        assertThat(phone.events).contains("info 1");
    }

    @Test
    void aCallThatFailsBeforeRingingTellsLateLegsItEnded() {
        call.fail(HangupCause.NO_ANSWER);
        RecordingLeg late = new RecordingLeg("late");
        NoTimer timer = new NoTimer();
        call.ring(List.of(late), "offer", timer);
        assertThat(late.events).containsExactly("ended NO_ANSWER");
        assertThat(timer.isCancelled()).isTrue();
    }

    @Test
    void destinationsAreReducedToTheirUserPart() {
        assertThat(Calls.userPart("alice")).isEqualTo("alice");
        assertThat(Calls.userPart(" sip:alice@example.com;transport=ws ")).isEqualTo("alice");
        assertThat(Calls.userPart("SIPS:alice@example.com")).isEqualTo("alice");
        assertThat(Calls.userPart("alice;x=y?z")).isEqualTo("alice");
        assertThat(Calls.userPart(null)).isEmpty();
    }

    @Test
    void causesAreFoundByNameOrCode() {
        assertThat(HangupCause.named("user_busy", null)).contains(HangupCause.USER_BUSY);
        assertThat(HangupCause.named("nonsense", 16)).contains(HangupCause.NORMAL_CLEARING);
        assertThat(HangupCause.named(null, 9999)).isEmpty();
        assertThat(HangupCause.ofSipStatus(486)).isEqualTo(HangupCause.USER_BUSY);
        assertThat(HangupCause.ofSipStatus(500)).isEqualTo(HangupCause.NORMAL_TEMPORARY_FAILURE);
    }

    private static final class RecordingLeg implements LegSignals {
        final String name;
        final List<String> events = new ArrayList<>();

        RecordingLeg(String name) {
            this.name = name;
        }

        @Override
        public MediaProfile media() {
            return MediaProfile.PLAIN;
        }

        @Override
        public void offer(Call call, Party caller, String sdp) {
            events.add("offer " + caller.loginName() + " " + sdp);
        }

        @Override
        public void ringing() {
            events.add("ringing");
        }

        @Override
        public void earlyMedia(String sdp) {
            events.add("early " + sdp);
        }

        @Override
        public void answered(String sdp) {
            events.add("answered " + sdp);
        }

        @Override
        public void ended(HangupCause cause) {
            events.add("ended " + cause);
        }

        @Override
        public void holdChanged(boolean held) {
            events.add("hold " + held);
        }

        @Override
        public void info(CallInfo info) {
            events.add("info " + info.dtmf());
        }

        @Override
        public void candidate(IceCandidate candidate) {
            events.add("candidate " + candidate.candidate());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A timer that never fires, and remembers being cancelled. */
    private static final class NoTimer extends CompletableFuture<Void> implements ScheduledFuture<Void> {
        @Override
        public long getDelay(TimeUnit unit) {
            return Long.MAX_VALUE;
        }

        @Override
        public int compareTo(Delayed other) {
            return 0;
        }
    }
}
