package io.telcred.sip.b2bua;

import io.telcred.call.Call;
import io.telcred.call.CallReach;
import io.telcred.call.Calls;
import io.telcred.call.CustomHeader;
import io.telcred.call.LegSignals;
import io.telcred.call.Party;
import io.telcred.directory.Login;
import io.telcred.location.Binding;
import io.telcred.location.Location;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.transaction.Responses;
import io.telcred.sip.transaction.ServerTransaction;
import io.telcred.sip.transaction.TransactionKey;
import io.telcred.sip.transport.NextHop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * telcred as a back-to-back user agent, for the calls the proxy cannot carry: those with a
 * WebRTC session on one side. A SIP device's INVITE to a user with browser sessions becomes a
 * call of the call model with this device's leg as the caller; a call from a browser rings the
 * callee's SIP devices through legs this door places. Calls between SIP devices alone stay with
 * the proxy. In a cluster, a call also rings, through one leg each, the other nodes that hold
 * bindings of the callee; a call another node passed on here rings this node's devices only.
 */
public final class B2bua implements CallReach {

    private final B2buaContext context;
    private final Location location;
    private final Calls calls;
    private final Map<TransactionKey, IncomingSipLeg> ringing = new ConcurrentHashMap<>();
    /** The caller legs of calls another node passed on: never passed on again. Forgotten with the leg. */
    private final Set<LegSignals> fromOtherNodes = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    public B2bua(B2buaContext context, Location location, Calls calls) {
        this.context = context;
        this.location = location;
        this.calls = calls;
        calls.addReach(this);
    }

    /** Whether a call to this login must be bridged: it has a WebRTC session. */
    public boolean bridges(Login callee) {
        return location.bindings(callee.loginName()).stream().anyMatch(Binding::webRtc);
    }

    /** Whether the request carries an SDP offer (a call without one cannot be bridged to a browser or parked). */
    public boolean hasOffer(SipRequest request) {
        return SipLeg.sdp(request.body()) != null;
    }

    /**
     * A device's INVITE to {@code destination}, from the authenticated {@code caller}: a user telcred
     * bridges, or a name that is no login, which call control parks or refuses (404). A call that
     * another node passed on ({@code fromAnotherNode}) rings this node's devices only.
     */
    public void invite(ServerTransaction transaction, Login caller, String destination, boolean fromAnotherNode) {
        SipRequest request = transaction.request();
        String sdp = SipLeg.sdp(request.body());
        if (sdp == null) {
            // A late offer (an INVITE without SDP) cannot be relayed to a browser, which never offers in an answer.
            context.serverTransactions().respond(transaction, Responses.answer(request, 488, "Not Acceptable Here: an offer is required"));
            return;
        }
        forgetAnswered();
        context.serverTransactions().respond(transaction, Responses.answer(request, 100, "Trying"));
        IncomingSipLeg leg = new IncomingSipLeg(context, transaction);
        ringing.put(transaction.key(), leg);
        String displayName = request.from().displayName();
        if (fromAnotherNode) {
            fromOtherNodes.add(leg);
        }
        Call call = calls.dial(new Party(caller.loginName(), caller.accountId(), displayName), leg, destination, sdp);
        leg.start(call);
    }

    /** A CANCEL for an INVITE this door answers; false when the INVITE is not ours (the proxy's, then). */
    public boolean cancel(ServerTransaction cancel) {
        IncomingSipLeg leg = ringing.remove(TransactionKey.ofCancelled(cancel.request()));
        if (leg == null) {
            return false;
        }
        context.serverTransactions().respond(cancel, Responses.answer(cancel.request(), 200, "OK"));
        leg.cancelled();
        return true;
    }

    /** A request addressed to telcred inside a dialog; false when no dialog of ours has it. */
    public boolean inDialog(ServerTransaction transaction) {
        SipRequest request = transaction.request();
        SipLeg leg = context.dialogs().find(request.callId(), request.to().tag());
        if (leg == null) {
            return false;
        }
        leg.inDialog(transaction);
        return true;
    }

    /** An ACK addressed to telcred; false when no dialog of ours has it. */
    public boolean ack(SipRequest ack) {
        SipLeg leg = ack.to() == null ? null : context.dialogs().find(ack.callId(), ack.to().tag());
        if (leg == null) {
            return false;
        }
        leg.ack(ack);
        return true;
    }

    @Override
    public List<LegSignals> legsFor(Party callee, Call call, List<CustomHeader> headers, List<String> otherNodes) {
        forgetAnswered();
        List<LegSignals> legs = new ArrayList<>();
        for (Binding binding : location.bindings(callee.loginName())) {
            if (!binding.webRtc()) {
                legs.add(new OutgoingSipLeg(context, binding, callee, headers));
            }
        }
        if (!fromOtherNodes.contains(call.callerLeg())) {
            for (NextHop node : nextHops(otherNodes)) {
                legs.add(OutgoingSipLeg.toNode(context, node, callee, headers));
            }
        }
        return legs;
    }

    @Override
    public boolean reaches(Party callee) {
        return location.bindings(callee.loginName()).stream().anyMatch(binding -> !binding.webRtc())
                || !nextHops(location.otherNodesOf(callee.loginName()).join()).isEmpty();
    }

    private static List<NextHop> nextHops(List<String> nodeAddresses) {
        return nodeAddresses.stream().map(NextHop::ofAddress).filter(Objects::nonNull).toList();
    }

    /** An INVITE without SDP asks the device to offer in its 200 (RFC 3261 §13.2.1). */
    @Override
    public boolean offersLate() {
        return true;
    }

    /** INVITEs finally answered can no longer be cancelled. */
    private void forgetAnswered() {
        ringing.values().removeIf(IncomingSipLeg::finallyAnswered);
    }
}
