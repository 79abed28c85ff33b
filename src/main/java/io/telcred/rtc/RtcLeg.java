package io.telcred.rtc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.call.Call;
import io.telcred.call.CallInfo;
import io.telcred.call.HangupCause;
import io.telcred.call.IceCandidate;
import io.telcred.call.LegSignals;
import io.telcred.call.MediaProfile;
import io.telcred.call.Party;

/**
 * One call leg of a WebRTC session, under the call id the browser knows it by: turns what the
 * call reports into the Telnyx-RTC requests the SDK expects.
 */
final class RtcLeg implements LegSignals {

    private final RtcSession session;
    private final String callId;
    private volatile Call call;
    /** The id of our telnyx_rtc.invite; the client's answer to it means "ringing". */
    private volatile long inviteRequestId = -1;

    RtcLeg(RtcSession session, String callId) {
        this.session = session;
        this.callId = callId;
    }

    RtcSession session() {
        return session;
    }

    String callId() {
        return callId;
    }

    Call call() {
        return call;
    }

    void attach(Call call) {
        this.call = call;
    }

    boolean ringsFor(long answeredRequestId) {
        return answeredRequestId == inviteRequestId;
    }

    @Override
    public MediaProfile media() {
        return MediaProfile.WEBRTC;
    }

    @Override
    public void offer(Call call, Party caller, String sdp) {
        this.call = call;
        ObjectNode params = params().put("sdp", sdp)
                .put("caller_id_name", caller.displayName()).put("caller_id_number", caller.loginName())
                .put("callee_id_name", session.login().loginName()).put("callee_id_number", session.login().loginName())
                .put("display_direction", "outbound");
        // Known before the frame leaves: the client's answer may come back at once.
        long id = session.nextRequestId();
        inviteRequestId = id;
        session.send(Frames.request(id, "telnyx_rtc.invite", params));
    }

    @Override
    public void ringing() {
        session.request("telnyx_rtc.ringing", params());
    }

    @Override
    public void earlyMedia(String sdp) {
        session.request("telnyx_rtc.media", params().put("sdp", sdp));
    }

    @Override
    public void answered(String sdp) {
        session.request("telnyx_rtc.answer", params().put("sdp", sdp));
    }

    @Override
    public void ended(HangupCause cause) {
        session.forget(this);
        session.request("telnyx_rtc.bye", params().put("cause", cause.name()).put("causeCode", cause.code())
                .put("sipCode", cause.sipStatus()));
    }

    @Override
    public void holdChanged(boolean held) {
        // The SDKs have no request for "the other side holds"; the far end's hold shows in its media.
    }

    @Override
    public void info(CallInfo info) {
        ObjectNode params = params();
        if (info.dtmf() != null) {
            params.put("dtmf", info.dtmf());
        } else {
            params.putObject("msg").put("body", info.text());
        }
        session.request("telnyx_rtc.info", params);
    }

    @Override
    public void candidate(IceCandidate candidate) {
        if (candidate.candidate() == null) {
            session.request("telnyx_rtc.endOfCandidates", params());
            return;
        }
        ObjectNode params = params().put("candidate", candidate.candidate()).put("sdpMid", candidate.sdpMid());
        if (candidate.sdpMLineIndex() != null) {
            params.put("sdpMLineIndex", candidate.sdpMLineIndex());
        }
        session.request("telnyx_rtc.candidate", params);
    }

    private ObjectNode params() {
        return Frames.object().put("callID", callId).put("sessid", session.sessid());
    }
}
