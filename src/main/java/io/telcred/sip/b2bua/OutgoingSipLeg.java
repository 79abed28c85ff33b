package io.telcred.sip.b2bua;

import io.telcred.call.Call;
import io.telcred.call.HangupCause;
import io.telcred.call.MediaProfile;
import io.telcred.call.Party;
import io.telcred.crypto.RandomStrings;
import io.telcred.location.Binding;
import io.telcred.sip.message.NameAddress;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.message.SipUri;
import io.telcred.sip.transaction.ClientTransaction;
import io.telcred.sip.transaction.TransactionKey;
import io.telcred.sip.transport.NextHop;

/**
 * A callee's leg to one registered SIP device: telcred calls the device as a user agent client,
 * on the caller's behalf (the From is the caller's login at our domain), and reports its
 * answers to the call. A device that loses the race, or is cancelled, gets a CANCEL or a BYE.
 */
final class OutgoingSipLeg extends SipLeg implements ClientTransaction.Listener {

    private final Binding target;
    private final Party callee;
    private SipDialog dialog;
    private ClientTransaction invite;
    private boolean answered;

    OutgoingSipLeg(B2buaContext context, Binding target, Party callee) {
        super(context);
        this.target = target;
        this.callee = callee;
    }

    @Override
    synchronized SipDialog dialog() {
        return dialog;
    }

    /** Plain RTP is assumed: a device that speaks ICE and DTLS-SRTP shows it in its answer. */
    @Override
    public MediaProfile media() {
        return MediaProfile.PLAIN;
    }

    @Override
    public void offer(Call call, Party caller, String sdp) {
        this.call = call;
        String domain = context.addressing().domain();
        NameAddress from = NameAddress.of(caller.displayName(), SipUri.sip(caller.loginName(), domain, -1));
        NameAddress to = NameAddress.of(null, SipUri.sip(callee.loginName(), domain, -1));
        NextHop hop = NextHop.of(target);
        SipRequest request;
        synchronized (this) {
            dialog = SipDialog.calling(from, to, target.contact(), hop, context.addressing().contact(target.transport()));
            request = dialog.request("INVITE", "application/sdp", sdp);
            sentSdp = sdp;
            for (int i = target.path().size() - 1; i >= 0; i--) {
                request.headers().addFirst("Route", target.path().get(i));
            }
            invite = context.clientTransactions().create(request, hop, this);
        }
        context.dialogs().add(this);
        invite.start();
    }

    @Override
    public void provisional(ClientTransaction transaction, SipResponse response) {
        String sdp = sdp(response.body());
        if (sdp != null && response.status() > 100) {
            call.earlyMedia(this, sdp);
        } else if (response.status() == 180) {
            call.ringing(this);
        }
    }

    @Override
    public void completed(ClientTransaction transaction, SipResponse response) {
        if (!response.isSuccess()) {
            if (finish()) {
                call.hangup(this, HangupCause.ofSipStatus(response.status()));
            }
            return;
        }
        synchronized (this) {
            dialog.established(response);
        }
        acknowledge(response);
        if (over() || !call.answer(this, sdp(response.body()))) {
            // Cancelled as it answered, or another device was first: it still gets its call ended.
            finish();
            sendInDialog("BYE", null, null);
            return;
        }
        synchronized (this) {
            answered = true;
        }
    }

    @Override
    public void anotherSuccess(ClientTransaction transaction, SipResponse response) {
        acknowledge(response);
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
        boolean bye;
        synchronized (this) {
            bye = answered;
        }
        if (!finish()) {
            return;
        }
        if (bye) {
            sendInDialog("BYE", null, null);
        } else if (invite != null) {
            invite.cancel();
        }
    }

    /** The ACK of a 2xx: its own transaction-less request, sent end to end (RFC 3261 §13.2.2.4). */
    private void acknowledge(SipResponse response) {
        SipRequest ack;
        synchronized (this) {
            ack = dialog.request("ACK", invite.request().cseq().number(), null, null);
        }
        NextHop hop = dialog.hop();
        ack.headers().addFirst("Via", context.addressing().via(hop.transport(),
                TransactionKey.MAGIC_COOKIE + RandomStrings.hexLower(16)));
        context.transports().send(ack, hop);
    }
}
