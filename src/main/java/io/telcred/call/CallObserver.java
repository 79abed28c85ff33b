package io.telcred.call;

/**
 * Learns of a call's answer and end, for whoever reports calls outside the call (call control's
 * webhooks). Called with the call's lock held: it must not block or call back into the call.
 */
public interface CallObserver {

    CallObserver NONE = new CallObserver() {
        @Override
        public void answered(Call call) {
        }

        @Override
        public void ended(Call call, HangupCause cause, Side endedBy) {
        }
    };

    /** Which side ended a call: its caller, its callee, or neither (no answer, no route, a command). */
    enum Side { CALLER, CALLEE, NEITHER }

    void answered(Call call);

    void ended(Call call, HangupCause cause, Side endedBy);

    /** The devices a parked call was sent to did not answer or refused it: it is parked again. */
    default void calleeFailed(Call call, HangupCause cause) {
    }
}
