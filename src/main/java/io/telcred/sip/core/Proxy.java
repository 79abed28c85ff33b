package io.telcred.sip.core;

import io.netty.util.Timer;
import io.telcred.crypto.RandomStrings;
import io.telcred.directory.Directory;
import io.telcred.directory.Login;
import io.telcred.location.Binding;
import io.telcred.location.Location;
import io.telcred.location.Transport;
import io.telcred.sip.auth.DigestAuthorization;
import io.telcred.sip.message.SipHeaders;
import io.telcred.sip.message.SipMessage;
import io.telcred.sip.message.SipParseException;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.message.SipUri;
import io.telcred.sip.message.Via;
import io.telcred.sip.transport.Flow;
import io.telcred.sip.transport.SipTransports;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The proxy (RFC 3261 §16). A new request from a registered user to another user of the same
 * account is forked to every binding of the callee, transaction-statefully: retransmitted over
 * UDP (Timers A and B), cancelled when the caller cancels or another branch answers, and answered
 * upstream once with the best final response. Requests inside a dialog, and their responses, are
 * forwarded statelessly along Record-Route, the next hop found through the callee's or caller's
 * binding so that WebSocket and NATed clients are reached over their own connection.
 */
final class Proxy {

    /** Methods that create dialogs, so the proxy stays on their path with Record-Route. */
    private static final Set<String> DIALOG_CREATING = Set.of("INVITE", "SUBSCRIBE", "REFER");
    /** A private Via parameter naming the stream connection a forwarded request came in on. */
    static final String FLOW_PARAM = "tcflow";
    private static final int DEFAULT_MAX_FORWARDS = 70;

    private final SipTransports transports;
    private final ServerTransactions serverTransactions;
    private final Addressing addressing;
    private final Location location;
    private final Directory directory;
    private final Timer timer;
    private final SipSettings settings;
    private final SipTimers timers;
    private final Map<String, ClientBranch> branches = new ConcurrentHashMap<>();
    private final Map<TransactionKey, ForkedRequest> forks = new ConcurrentHashMap<>();

    Proxy(SipTransports transports, ServerTransactions serverTransactions, Addressing addressing, Location location,
          Directory directory, Timer timer, SipSettings settings, SipTimers timers) {
        this.transports = transports;
        this.serverTransactions = serverTransactions;
        this.addressing = addressing;
        this.location = location;
        this.directory = directory;
        this.timer = timer;
        this.settings = settings;
        this.timers = timers;
    }

    /** Forks a new request of {@code caller} to every binding of {@code callee} (same account, checked by the caller). */
    void fork(ServerTransaction upstream, Login callee) {
        SipRequest request = upstream.request;
        List<Binding> targets = location.bindings(callee.loginName());
        if (targets.isEmpty()) {
            serverTransactions.respond(upstream, Responses.answer(request, 480, "Temporarily Unavailable"));
            return;
        }
        int maxForwards = maxForwards(request);
        if (maxForwards == 0) {
            serverTransactions.respond(upstream, Responses.answer(request, 483, "Too Many Hops"));
            return;
        }
        ForkedRequest fork = new ForkedRequest(upstream);
        if (fork.invite()) {
            serverTransactions.respond(upstream, SipResponse.to(request, 100, "Trying"));
        }
        List<ClientBranch> legs = new ArrayList<>();
        for (Binding target : targets) {
            String branch = TransactionKey.MAGIC_COOKIE + RandomStrings.hexLower(16); // hex, as Responses' tags
            SipRequest copy = request.copy();
            copy.requestUri(target.contact());
            copy.headers().set("Max-Forwards", Integer.toString(maxForwards - 1));
            // RFC 3261 §22.3: the credentials for our realm stop here; the callee must never see them.
            removeOurCredentials(copy);
            for (int i = target.path().size() - 1; i >= 0; i--) {
                copy.headers().addFirst("Route", target.path().get(i));
            }
            if (DIALOG_CREATING.contains(request.method())) {
                Transport in = upstream.flow.transport();
                copy.headers().addFirst("Record-Route", addressing.recordRoute(in));
                if (target.transport() != in) {
                    // RFC 5658: a second entry, reachable from the callee's side.
                    copy.headers().addFirst("Record-Route", addressing.recordRoute(target.transport()));
                }
            }
            copy.headers().addFirst("Via", addressing.via(target.transport(), branch));
            legs.add(new ClientBranch(branch, copy, target, fork));
        }
        fork.branches = List.copyOf(legs);
        forks.put(upstream.key, fork);
        for (ClientBranch leg : legs) {
            branches.put(leg.branch, leg);
            if (send(leg.request, leg.target)) {
                startClientTimers(leg);
            } else {
                finishBranch(leg, Responses.answer(request, 480, "Temporarily Unavailable"));
            }
        }
    }

    /** A CANCEL from the caller: answered at once, then passed to every branch still ringing. */
    void cancel(ServerTransaction cancelTransaction) {
        SipRequest cancel = cancelTransaction.request;
        ForkedRequest fork = forks.get(TransactionKey.ofCancelled(cancel));
        if (fork == null || fork.answered()) {
            serverTransactions.respond(cancelTransaction, Responses.answer(cancel, 481, "Call/Transaction Does Not Exist"));
            return;
        }
        serverTransactions.respond(cancelTransaction, Responses.answer(cancel, 200, "OK"));
        fork.cancelled = true;
        for (ClientBranch leg : fork.branches) {
            cancelBranch(leg);
        }
    }

    /** A request inside a dialog, its Routes naming us already removed: on to its target, statelessly. */
    void forwardInDialog(SipRequest request, Flow inbound) {
        int maxForwards = maxForwards(request);
        if (maxForwards == 0) {
            if (!request.method().equals("ACK")) {
                transports.send(Responses.answer(request, 483, "Too Many Hops"), inbound);
            }
            return;
        }
        Optional<Binding> binding = location.byContact(request.requestUri());
        if (binding.isEmpty()) {
            if (!request.method().equals("ACK")) {
                transports.send(Responses.answer(request, 404, "Not Found"), inbound);
            }
            return;
        }
        Binding target = binding.get();
        sameAccountAsDialog(request, target.accountId()).thenAccept(allowed -> {
            if (!allowed) {
                if (!request.method().equals("ACK")) {
                    transports.send(Responses.answer(request, 403, "Forbidden"), inbound);
                }
                return;
            }
            SipRequest copy = request.copy();
            copy.headers().set("Max-Forwards", Integer.toString(maxForwards - 1));
            String via = addressing.via(target.transport(), statelessBranch(request));
            if (inbound.transport() != Transport.UDP && tokenSafe(inbound.id())) {
                via += ";" + FLOW_PARAM + "=" + inbound.id();
            }
            copy.headers().addFirst("Via", via);
            if (!send(copy, target) && !request.method().equals("ACK")) {
                transports.send(Responses.answer(request, 480, "Temporarily Unavailable"), inbound);
            }
        });
    }

    /** A response from downstream: to its branch, or statelessly back along the Via path. */
    void response(SipResponse response, Flow from) {
        Via top = response.topVia();
        if (top == null || top.branch() == null) {
            return;
        }
        ClientBranch leg = branches.get(top.branch());
        if (leg != null && response.cseq() != null && response.cseq().method().equals(leg.request.method())) {
            SipResponse upstreamResponse = response.copy();
            upstreamResponse.headers().removeFirstValue("Via");
            onBranchResponse(leg, upstreamResponse);
            return;
        }
        if (leg != null) {
            return; // the answer to a CANCEL or ACK we sent
        }
        forwardResponseStatelessly(response, top);
    }

    int pendingBranches() {
        return branches.size();
    }

    private void onBranchResponse(ClientBranch leg, SipResponse response) {
        ForkedRequest fork = leg.parent;
        int status = response.status();
        if (leg.finished()) {
            // A retransmitted 2xx to an INVITE goes to the caller, who acknowledges it end to end.
            if (status >= 200 && status < 300 && fork.invite()) {
                transports.send(response, fork.upstream.flow);
            }
            return;
        }
        leg.stopTimer();
        if (status < 200) {
            leg.status = Math.max(leg.status, status);
            if (status > 100 && fork.invite()) {
                if (leg.cancelWhenRinging || fork.cancelled) {
                    sendCancel(leg);
                } else {
                    startRingingTimer(leg);
                }
            }
            if (status > 100 && !fork.answered()) {
                serverTransactions.respond(fork.upstream, response);
            }
            return;
        }
        if (fork.invite() && status >= 300) {
            send(ack(leg, response), leg.target);
        }
        finishBranch(leg, response);
    }

    /** A branch has its final answer: pass on a success at once, or the best failure once all have failed. */
    private void finishBranch(ClientBranch leg, SipResponse response) {
        leg.status = response.status();
        leg.stopTimer();
        ForkedRequest fork = leg.parent;
        if (!fork.invite() || response.status() >= 300) {
            branches.remove(leg.branch, leg);
        } else {
            // Keep an answered INVITE branch a while to pass on 2xx retransmissions.
            timer.newTimeout(t -> branches.remove(leg.branch, leg), timers.lingerMillis(), TimeUnit.MILLISECONDS);
        }
        if (response.status() < 300) {
            if (fork.claimAnswer()) {
                forks.remove(fork.upstream.key, fork);
                serverTransactions.respond(fork.upstream, response);
                for (ClientBranch other : fork.branches) {
                    if (other != leg) {
                        cancelBranch(other);
                    }
                }
            } else if (fork.invite()) {
                // RFC 3261 §16.7: every 2xx to an INVITE goes to the caller, who may end the extra dialogs.
                transports.send(response, fork.upstream.flow);
            }
            return;
        }
        fork.offer(response);
        if (fork.allFinished() && fork.claimAnswer()) {
            forks.remove(fork.upstream.key, fork);
            serverTransactions.respond(fork.upstream, fork.best());
        }
    }

    private void cancelBranch(ClientBranch leg) {
        if (leg.finished() || !leg.parent.invite()) {
            return;
        }
        if (leg.status == 0) {
            // RFC 3261 §9.1: no CANCEL before a provisional answer; send it when one comes.
            leg.cancelWhenRinging = true;
        } else {
            sendCancel(leg);
        }
    }

    private void sendCancel(ClientBranch leg) {
        SipRequest original = leg.request;
        SipRequest cancel = new SipRequest("CANCEL", original.requestUri(), new SipHeaders(), new byte[0]);
        copyForHopByHop(original, cancel, original.headers().first("To"));
        send(cancel, leg.target);
        // If the callee never answers the CANCEL with 487, Timer B ends the branch.
        leg.stopTimer();
        leg.timer = timer.newTimeout(t -> timedOut(leg), timers.lingerMillis(), TimeUnit.MILLISECONDS);
    }

    private SipRequest ack(ClientBranch leg, SipResponse response) {
        SipRequest original = leg.request;
        SipRequest ack = new SipRequest("ACK", original.requestUri(), new SipHeaders(), new byte[0]);
        copyForHopByHop(original, ack, response.headers().first("To"));
        return ack;
    }

    /** The headers of a CANCEL or ACK for a non-2xx answer (RFC 3261 §9.1, §17.1.1.3): same branch, same CSeq number. */
    private static void copyForHopByHop(SipRequest original, SipRequest request, String to) {
        request.headers().add("Via", original.headers().first("Via"));
        for (String route : original.headers().all("Route")) {
            request.headers().add("Route", route);
        }
        request.headers().add("Max-Forwards", Integer.toString(DEFAULT_MAX_FORWARDS));
        request.headers().add("From", original.headers().first("From"));
        request.headers().add("To", to);
        request.headers().add("Call-ID", original.callId());
        request.headers().add("CSeq", original.cseq().number() + " " + request.method());
    }

    private void startClientTimers(ClientBranch leg) {
        boolean udp = leg.target.flowId() == null;
        long timeout = timers.lingerMillis();
        if (udp) {
            retransmit(leg, timers.t1Millis(), 0);
        } else {
            leg.timer = timer.newTimeout(t -> timedOut(leg), timeout, TimeUnit.MILLISECONDS);
        }
    }

    /** Timers A and E: resend over UDP, doubling the interval, until an answer or Timer B / F. */
    private void retransmit(ClientBranch leg, long interval, long elapsed) {
        leg.timer = timer.newTimeout(t -> {
            if (leg.status != 0) {
                return;
            }
            if (elapsed + interval >= timers.lingerMillis()) {
                timedOut(leg);
                return;
            }
            send(leg.request, leg.target);
            long next = leg.parent.invite() ? interval * 2 : Math.min(interval * 2, timers.t2Millis());
            retransmit(leg, next, elapsed + interval);
        }, interval, TimeUnit.MILLISECONDS);
    }

    /** Timer C: a call that rings too long is cancelled. */
    private void startRingingTimer(ClientBranch leg) {
        leg.stopTimer();
        leg.timer = timer.newTimeout(t -> sendCancel(leg), settings.inviteTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void timedOut(ClientBranch leg) {
        if (!leg.finished()) {
            finishBranch(leg, Responses.answer(leg.parent.upstream.request, 408, "Request Timeout"));
        }
    }

    private void forwardResponseStatelessly(SipResponse response, Via ours) {
        if (!ours.branch().startsWith(TransactionKey.MAGIC_COOKIE) || response.vias().size() < 2) {
            return;
        }
        SipResponse copy = response.copy();
        copy.headers().removeFirstValue("Via");
        String flowId = ours.param(FLOW_PARAM);
        if (flowId != null) {
            transports.flow(flowId).ifPresent(flow -> transports.send(copy, flow));
            return;
        }
        Via next = copy.topVia();
        String host = next.param("received") != null ? next.param("received") : next.host();
        int port = next.port() > 0 ? next.port() : 5060;
        String rport = next.param("rport");
        if (rport != null && !rport.isEmpty() && rport.chars().allMatch(Character::isDigit) && rport.length() <= 5) {
            port = Integer.parseInt(rport);
        }
        Transport transport;
        try {
            transport = Transport.valueOf(next.transport());
        } catch (IllegalArgumentException e) {
            return;
        }
        transports.send(copy, transport, new InetSocketAddress(host, port));
    }

    /** Inside a dialog, the target must belong to the account of one of the dialog's two users. */
    private CompletableFuture<Boolean> sameAccountAsDialog(SipRequest request, String accountId) {
        CompletableFuture<Boolean> from = accountOf(request.from() == null ? null : request.from().sipUri(), accountId);
        CompletableFuture<Boolean> to = accountOf(request.to() == null ? null : request.to().sipUri(), accountId);
        return from.thenCombine(to, (a, b) -> a || b);
    }

    private CompletableFuture<Boolean> accountOf(SipUri uri, String accountId) {
        if (uri == null || uri.user() == null) {
            return CompletableFuture.completedFuture(false);
        }
        return directory.findAsync(uri.user()).thenApply(login -> login.map(l -> l.accountId().equals(accountId)).orElse(false));
    }

    private boolean send(SipMessage message, Binding target) {
        if (target.flowId() != null) {
            Optional<Flow> flow = transports.flow(target.flowId());
            return flow.isPresent() && transports.send(message, flow.get());
        }
        return transports.send(message, Transport.UDP, new InetSocketAddress(target.sourceAddress(), target.sourcePort()));
    }

    /** The same branch for every retransmission of a request, as a stateless proxy must (RFC 3261 §16.11). */
    private String statelessBranch(SipRequest request) {
        Via via = request.topVia();
        String seed = (via == null ? "" : via.toString()) + "|" + request.callId() + "|" + request.cseq();
        return TransactionKey.MAGIC_COOKIE + "sl" + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
    }

    private void removeOurCredentials(SipRequest request) {
        List<String> kept = new ArrayList<>();
        for (String value : request.headers().lines("Proxy-Authorization")) {
            DigestAuthorization parsed = DigestAuthorization.parse(value);
            if (parsed == null || !addressing.domain().equalsIgnoreCase(parsed.realm())) {
                kept.add(value);
            }
        }
        request.headers().remove("Proxy-Authorization");
        kept.forEach(value -> request.headers().add("Proxy-Authorization", value));
    }

    private static int maxForwards(SipRequest request) {
        String value = request.headers().first("Max-Forwards");
        if (value == null) {
            return DEFAULT_MAX_FORWARDS;
        }
        try {
            return Math.max(0, Math.min(255, Integer.parseInt(value.trim())));
        } catch (NumberFormatException e) {
            return DEFAULT_MAX_FORWARDS;
        }
    }

    private static boolean tokenSafe(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static SipUri uriOrNull(String text) {
        try {
            return SipUri.parse(text);
        } catch (SipParseException e) {
            return null;
        }
    }
}
