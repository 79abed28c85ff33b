package io.telcred.sip.b2bua;

import io.netty.util.Timeout;
import io.telcred.call.Call;
import io.telcred.call.HangupCause;
import io.telcred.call.MediaProfile;
import io.telcred.call.Party;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.transaction.Responses;
import io.telcred.sip.transaction.ServerTransaction;
import io.telcred.sip.transport.Flow;
import io.telcred.sip.transport.NextHop;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The caller's leg of a call a SIP device placed to a user telcred bridges (a browser, say):
 * telcred answers the device's INVITE as its user agent server and relays what the call reports.
 * Over UDP the 200 is sent again until the device acknowledges it (RFC 3261 §13.3.1.4).
 */
final class IncomingSipLeg extends SipLeg {

    private final ServerTransaction invite;
    private final SipDialog dialog;
    private SipResponse ok;
    private Timeout okTimer;
    private boolean finalSent;

    IncomingSipLeg(B2buaContext context, ServerTransaction invite) {
        super(context);
        this.invite = invite;
        Flow flow = invite.flow();
        NextHop hop = new NextHop(flow.transport(), flow.connectionOriented() ? flow.id() : null, flow.remote());
        this.dialog = SipDialog.answering(invite.request(), hop, context.addressing().contact(flow.transport()));
    }

    void start(Call call) {
        this.call = call;
    }

    synchronized boolean finallyAnswered() {
        return finalSent;
    }

    @Override
    SipDialog dialog() {
        return dialog;
    }

    @Override
    public MediaProfile media() {
        return MediaProfile.of(sdp(invite.request().body()));
    }

    @Override
    public void offer(Call call, Party caller, String sdp) {
        throw new IllegalStateException("a caller's leg is never offered a call");
    }

    @Override
    public void ringing() {
        provisional(180, null);
    }

    @Override
    public void earlyMedia(String sdp) {
        provisional(183, sdp);
    }

    @Override
    public void answered(String sdp) {
        SipResponse response;
        synchronized (this) {
            if (finalSent) {
                return;
            }
            finalSent = true;
            response = dialogResponse(200, sdp);
            ok = response;
            sentSdp = sdp;
        }
        context.dialogs().add(this);
        context.serverTransactions().respond(invite, response);
        if (!invite.flow().connectionOriented()) {
            retransmitOk(context.timers().t1Millis(), 0);
        }
    }

    @Override
    public void ended(HangupCause cause) {
        boolean answeredAlready;
        synchronized (this) {
            answeredAlready = finalSent;
            finalSent = true;
            stopOkTimer();
        }
        if (!finish()) {
            return;
        }
        if (answeredAlready) {
            sendInDialog("BYE", null, null);
        } else {
            int status = cause.sipStatus() >= 300 ? cause.sipStatus() : 480;
            SipResponse failure = Responses.answer(invite.request(), status, SipResponse.standardReason(status));
            failure.headers().set("Reason", "Q.850;cause=" + cause.code() + ";text=\"" + cause.name() + "\"");
            context.serverTransactions().respond(invite, failure);
        }
    }

    /** The device cancelled its INVITE before an answer: 487 to it, and the call is cancelled. */
    void cancelled() {
        synchronized (this) {
            if (finalSent) {
                return;
            }
            finalSent = true;
        }
        if (finish()) {
            context.serverTransactions().respond(invite, Responses.answer(invite.request(), 487, "Request Terminated"));
            call.hangup(this, HangupCause.ORIGINATOR_CANCEL);
        }
    }

    @Override
    synchronized void ack(SipRequest ack) {
        stopOkTimer();
    }

    private void provisional(int status, String sdp) {
        synchronized (this) {
            if (finalSent) {
                return;
            }
        }
        context.serverTransactions().respond(invite, dialogResponse(status, sdp));
    }

    private SipResponse dialogResponse(int status, String sdp) {
        SipResponse response = SipResponse.to(invite.request(), status, null, true);
        response.toTag(dialog.localTag());
        response.headers().set("Contact", dialog.contact());
        if (sdp != null) {
            byte[] body = sdp.getBytes(StandardCharsets.UTF_8);
            response.headers().set("Content-Type", "application/sdp");
            response.body(body);
        }
        return response;
    }

    /** Timer G's doubling up to T2; after 64·T1 without an ACK the call is ended (§13.3.1.4). */
    private synchronized void retransmitOk(long interval, long elapsed) {
        okTimer = context.timer().newTimeout(timeout -> {
            SipResponse again;
            synchronized (this) {
                if (okTimer != timeout || ok == null) {
                    return;
                }
                again = ok;
            }
            long total = elapsed + interval;
            if (total >= 64 * context.timers().t1Millis()) {
                synchronized (this) {
                    okTimer = null;
                }
                if (finish()) {
                    sendInDialog("BYE", null, null);
                    call.hangup(this, HangupCause.NORMAL_CLEARING);
                }
                return;
            }
            context.transports().send(again, invite.flow());
            retransmitOk(Math.min(2 * interval, context.timers().t2Millis()), total);
        }, interval, TimeUnit.MILLISECONDS);
    }

    private void stopOkTimer() {
        if (okTimer != null) {
            okTimer.cancel();
            okTimer = null;
        }
    }
}
