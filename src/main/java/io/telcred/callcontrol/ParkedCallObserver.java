package io.telcred.callcontrol;

import io.telcred.call.Call;
import io.telcred.call.CallObserver;
import io.telcred.call.Calls;
import io.telcred.call.HangupCause;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns a parked call's answer and end into its legs' webhooks: the parked caller's leg, and the
 * leg rung for it, dialled with {@code link_to} or answered on its own and bridged to it.
 */
final class ParkedCallObserver implements CallObserver {

    private final ControlledLeg incoming;
    private final Legs legs;
    private final Calls calls;
    private final Consumer<Call> parkedAgain;
    private final Runnable over;
    private volatile ControlledLeg outgoing;
    private volatile Long timeLimitSecs;
    /** Whether the outgoing leg had answered on its own before it was bridged (its call.answered is told). */
    private volatile boolean answeredAlready;

    /**
     * @param parkedAgain what to do when the leg rung for the call fails and the call waits again
     * @param over        what to do when the call ends
     */
    ParkedCallObserver(ControlledLeg incoming, Legs legs, Calls calls, Consumer<Call> parkedAgain, Runnable over) {
        this.incoming = incoming;
        this.legs = legs;
        this.calls = calls;
        this.parkedAgain = parkedAgain;
        this.over = over;
    }

    /** A leg dialled for the call: its answer bridges them, and it may last {@code timeLimitSecs} (null: no limit). */
    void ringing(ControlledLeg leg, Long timeLimitSecs) {
        this.outgoing = leg;
        this.timeLimitSecs = timeLimitSecs;
        this.answeredAlready = false;
    }

    /** A leg answered on its own, offered the call: its answer bridges them; its own time limit runs already. */
    void bridging(ControlledLeg leg) {
        this.outgoing = leg;
        this.timeLimitSecs = null;
        this.answeredAlready = true;
    }

    @Override
    public void answered(Call call) {
        ControlledLeg callee = outgoing;
        if (callee == null) {
            return;
        }
        incoming.state("active");
        callee.state("active");
        if (!answeredAlready) {
            legs.announce(callee, "call.answered");
        }
        legs.announce(incoming, "call.bridged");
        legs.announce(callee, "call.bridged");
        Long limit = timeLimitSecs;
        if (limit != null) {
            calls.schedule(() -> call.fail(HangupCause.ALLOTTED_TIMEOUT), limit * 1000);
        }
    }

    /** The leg rung ends on its own (no answer, refused); the caller waits, parked, for another command. */
    @Override
    public void calleeFailed(Call call, HangupCause cause) {
        ControlledLeg callee = outgoing;
        outgoing = null;
        incoming.state("parked");
        if (callee != null) {
            legs.end(callee, cause, Side.CALLEE);
        }
        parkedAgain.accept(call);
    }

    @Override
    public void ended(Call call, HangupCause cause, Side endedBy) {
        over.run();
        ControlledLeg callee = outgoing;
        for (ControlledLeg leg : callee == null ? List.of(incoming) : List.of(incoming, callee)) {
            legs.end(leg, cause, endedBy);
        }
    }
}
