package io.telcred.sip.b2bua;

import io.telcred.call.Call;
import io.telcred.call.CustomHeader;
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
import java.util.List;

/**
 * A callee's leg to one registered SIP device: telcred calls the device as a user agent client,
 * on the caller's behalf (the From is the caller's login at our domain), and reports its
 * answers to the call. In a cluster, a leg may go to another node instead, which rings the
 * callee's devices it holds; to this leg its answers are a device's. A device that loses the
 * race, or is cancelled, gets a CANCEL or a BYE.
 * Rung with no offer, the device offers in its 200 ({@link DelayedOffer}); offered a call once
 * answered (a bridge), it gets a re-INVITE.
 */
final class OutgoingSipLeg extends SipLeg implements ClientTransaction.Listener {

    private final String requestUri;
    private final List<String> path;
    private final NextHop hop;
    private final boolean toNode;
    private final Party callee;
    private final List<CustomHeader> headers;
    private SipDialog dialog;
    private ClientTransaction invite;
    /** The holding answer sent in the ACK of a delayed offer's 200, or null. */
    private volatile String ackSdp;
    private boolean answered;

    OutgoingSipLeg(B2buaContext context, Binding target, Party callee, List<CustomHeader> headers) {
        this(context, target.contact(), target.path(), NextHop.of(target), false, callee, headers);
    }

    private OutgoingSipLeg(B2buaContext context, String requestUri, List<String> path, NextHop hop, boolean toNode,
                           Party callee, List<CustomHeader> headers) {
        super(context);
        this.requestUri = requestUri;
        this.path = path;
        this.hop = hop;
        this.toNode = toNode;
        this.callee = callee;
        this.headers = headers;
    }

    /** A leg to another node of the cluster, at {@code node}, for the callee's devices there. */
    static OutgoingSipLeg toNode(B2buaContext context, NextHop node, Party callee, List<CustomHeader> headers) {
        String addressOfRecord = SipUri.sip(callee.loginName(), context.addressing().domain(), -1).toString();
        return new OutgoingSipLeg(context, addressOfRecord, List.of(), node, true, callee, headers);
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
        if (answered()) {
            reoffer(sdp);
            return;
        }
        String domain = context.addressing().domain();
        NameAddress from = NameAddress.of(caller.displayName(), SipUri.sip(caller.loginName(), domain, -1));
        NameAddress to = NameAddress.of(null, SipUri.sip(callee.loginName(), domain, -1));
        SipRequest request;
        synchronized (this) {
            dialog = SipDialog.calling(from, to, requestUri, hop, context.addressing().contact(hop.transport()));
            request = dialog.request("INVITE", "application/sdp", sdp);
            sentSdp = sdp;
            for (int i = path.size() - 1; i >= 0; i--) {
                request.headers().addFirst("Route", path.get(i));
            }
            headers.forEach(header -> request.headers().add(header.name(), header.value()));
            if (toNode) {
                context.nodeRequests().sign(request);
            }
            invite = context.clientTransactions().create(request, hop, this);
        }
        context.dialogs().add(this);
        invite.start();
    }

    /** The answered device gets the new call's offer in a re-INVITE; its answer is the answer to that call. */
    private void reoffer(String sdp) {
        SipRequest request;
        synchronized (this) {
            String offer = SdpOrigin.following(sentSdp, sdp);
            sentSdp = offer;
            request = dialog.request("INVITE", "application/sdp", offer);
        }
        context.clientTransactions().create(request, dialog.hop(), new Reoffer()).start();
    }

    @Override
    public void provisional(ClientTransaction transaction, SipResponse response) {
        String sdp = sdp(response.body());
        if (sdp != null && response.status() > 100 && sentSdp != null) {
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
        String sdp = sdp(response.body());
        synchronized (this) {
            dialog.established(response);
            if (sentSdp == null && sdp != null) {
                ackSdp = DelayedOffer.holdAnswer(sdp);
                sentSdp = ackSdp;
            }
        }
        acknowledge(transaction, ackSdp);
        if (over() || !call.answer(this, sdp)) {
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
        acknowledge(transaction, ackSdp);
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

    private synchronized boolean answered() {
        return answered;
    }

    /** The ACK of a 2xx: its own transaction-less request, sent end to end (RFC 3261 §13.2.2.4). */
    private void acknowledge(ClientTransaction transaction, String sdp) {
        SipRequest ack = dialog().request("ACK", transaction.request().cseq().number(), "application/sdp", sdp);
        NextHop hop = dialog().hop();
        ack.headers().addFirst("Via", context.addressing().via(hop.transport(),
                TransactionKey.MAGIC_COOKIE + RandomStrings.hexLower(16)));
        context.transports().send(ack, hop);
    }

    /** The device's answer to a re-INVITE: acknowledged, and given to the call; a refusal ends the leg. */
    private final class Reoffer implements ClientTransaction.Listener {

        @Override
        public void provisional(ClientTransaction transaction, SipResponse response) {
        }

        @Override
        public void completed(ClientTransaction transaction, SipResponse response) {
            if (!response.isSuccess()) {
                if (finish()) {
                    sendInDialog("BYE", null, null);
                }
                // Told even when the device hung up first: it may have done so before the re-INVITE reached this call.
                call.hangup(OutgoingSipLeg.this, HangupCause.ofSipStatus(response.status()));
                return;
            }
            acknowledge(transaction, null);
            if (!over() && !call.answer(OutgoingSipLeg.this, sdp(response.body())) && finish()) {
                sendInDialog("BYE", null, null);
            }
        }

        @Override
        public void anotherSuccess(ClientTransaction transaction, SipResponse response) {
            acknowledge(transaction, null);
        }
    }
}
