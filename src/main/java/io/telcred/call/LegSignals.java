package io.telcred.call;

/**
 * What a call tells the door that carries one of its legs: the other side's doings, in the door's
 * own protocol. Implementations must not block (they queue a frame or a SIP message) and are
 * called with the call's lock held, so they must not call back into the call.
 */
public interface LegSignals {

    /** The media profile this leg's endpoint speaks (a SIP device is taken to speak plain RTP). */
    MediaProfile media();

    /** This leg is being called (callee legs only). */
    void offer(Call call, Party caller, String sdp);

    /** A callee device is alerting (caller leg only). */
    void ringing();

    /** The callee sends media before answering (caller leg only). */
    void earlyMedia(String sdp);

    /** The callee answered (caller leg only). */
    void answered(String sdp);

    /** The leg is over: the other side hung up, another device answered, or the call failed. */
    void ended(HangupCause cause);

    /** The other side put the call on hold, or took it off. */
    void holdChanged(boolean held);

    /** DTMF or text from the other side. */
    void info(CallInfo info);

    /** A trickled ICE candidate from the other side. */
    void candidate(IceCandidate candidate);
}
