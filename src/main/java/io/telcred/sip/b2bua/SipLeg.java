package io.telcred.sip.b2bua;

import io.telcred.call.Call;
import io.telcred.call.CallInfo;
import io.telcred.call.HangupCause;
import io.telcred.call.IceCandidate;
import io.telcred.call.LegSignals;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.transaction.ClientTransaction;
import io.telcred.sip.transaction.Responses;
import io.telcred.sip.transaction.ServerTransaction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A call leg to or from a SIP device, with telcred as that device's peer user agent: what both
 * directions share, which is the dialog once it exists and the requests inside it.
 */
abstract class SipLeg implements LegSignals {

    private static final Pattern DTMF_SIGNAL = Pattern.compile("(?im)^\\s*Signal\\s*=\\s*([0-9A-Da-d*#])\\s*$");
    /** Sends a request and forgets it: an in-dialog BYE or INFO whose answer changes nothing here. */
    private static final ClientTransaction.Listener IGNORE_ANSWER = new ClientTransaction.Listener() {
        @Override
        public void provisional(ClientTransaction transaction, SipResponse response) {
        }

        @Override
        public void completed(ClientTransaction transaction, SipResponse response) {
        }

        @Override
        public void anotherSuccess(ClientTransaction transaction, SipResponse response) {
        }
    };

    protected final B2buaContext context;
    protected volatile Call call;
    /** The SDP the device last got from telcred (our offer or our answer), for answering its re-offers. */
    protected volatile String sentSdp;
    private boolean over;

    SipLeg(B2buaContext context) {
        this.context = context;
    }

    abstract SipDialog dialog();

    /** A request from the device inside the dialog (BYE, INFO, MESSAGE, a re-INVITE...). */
    void inDialog(ServerTransaction transaction) {
        SipRequest request = transaction.request();
        switch (request.method()) {
            case "BYE" -> {
                respond(transaction, 200);
                if (finish()) {
                    call.hangup(this, HangupCause.NORMAL_CLEARING);
                }
            }
            case "INFO" -> {
                String digit = dtmf(request);
                respond(transaction, digit == null && request.body().length > 0 ? 415 : 200);
                if (digit != null) {
                    call.info(this, new CallInfo(digit, null));
                }
            }
            case "MESSAGE" -> {
                respond(transaction, 200);
                call.info(this, new CallInfo(null, new String(request.body(), StandardCharsets.UTF_8)));
            }
            case "OPTIONS" -> respond(transaction, 200);
            case "INVITE", "UPDATE" -> reoffer(transaction);
            default -> respond(transaction, 405);
        }
    }

    /**
     * A re-INVITE or UPDATE: a hold or resume is answered with the SDP the device already has. An
     * offer-less one, or one before any SDP was exchanged, is refused with 488, which leaves the
     * session as it was (RFC 3261 §14.2): the other side cannot be asked for a new offer.
     */
    private void reoffer(ServerTransaction transaction) {
        SipRequest request = transaction.request();
        String offer = sdp(request.body());
        String earlier = sentSdp;
        if (offer == null || earlier == null) {
            if (offer == null && request.method().equals("UPDATE")) {
                respond(transaction, 200);
            } else {
                respond(transaction, 488);
            }
            return;
        }
        call.hold(this, HoldOffers.holds(offer));
        String answer = HoldOffers.answer(earlier, offer);
        sentSdp = answer;
        SipResponse ok = Responses.answer(request, 200, "OK");
        ok.headers().set("Contact", dialog().contact());
        ok.headers().set("Content-Type", "application/sdp");
        ok.body(answer.getBytes(StandardCharsets.UTF_8));
        context.serverTransactions().respond(transaction, ok);
    }

    /** An ACK from the device inside the dialog. */
    void ack(SipRequest ack) {
    }

    @Override
    public void info(CallInfo info) {
        if (info.dtmf() != null) {
            for (char digit : info.dtmf().toCharArray()) {
                if (digit != ',' && digit != 'w' && digit != 'W') {
                    sendInDialog("INFO", "application/dtmf-relay", "Signal=" + digit + "\r\nDuration=160\r\n");
                }
            }
        } else if (info.text() != null) {
            sendInDialog("MESSAGE", "text/plain;charset=UTF-8", info.text());
        }
    }

    @Override
    public void holdChanged(boolean held) {
        // The far end's hold shows in its media; re-offering to this device is not done.
    }

    @Override
    public void candidate(IceCandidate candidate) {
        // SIP devices get complete offers and answers, never trickled candidates.
    }

    protected void sendInDialog(String method, String contentType, String body) {
        SipDialog dialog = dialog();
        SipRequest request = dialog.request(method, contentType, body);
        context.clientTransactions().create(request, dialog.hop(), IGNORE_ANSWER).start();
    }

    /** Marks the leg over and stops hearing its dialog; true the first time only. */
    protected synchronized boolean finish() {
        if (over) {
            return false;
        }
        over = true;
        if (dialog() != null) {
            context.dialogs().remove(this);
        }
        return true;
    }

    protected synchronized boolean over() {
        return over;
    }

    private void respond(ServerTransaction transaction, int status) {
        context.serverTransactions().respond(transaction, Responses.answer(transaction.request(), status,
                SipResponse.standardReason(status)));
    }

    /** The digit of an {@code application/dtmf-relay} INFO, or null. */
    static String dtmf(SipRequest request) {
        String type = request.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/dtmf-relay")) {
            return null;
        }
        Matcher signal = DTMF_SIGNAL.matcher(new String(request.body(), StandardCharsets.UTF_8));
        return signal.find() ? signal.group(1).toUpperCase(Locale.ROOT) : null;
    }

    static String sdp(byte[] body) {
        return body == null || body.length == 0 ? null : new String(body, StandardCharsets.UTF_8);
    }
}
