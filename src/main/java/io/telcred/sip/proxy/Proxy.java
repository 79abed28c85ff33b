package io.telcred.sip.proxy;

import io.netty.util.Timer;
import io.telcred.auth.DigestAuthorization;
import io.telcred.directory.Directory;
import io.telcred.directory.Login;
import io.telcred.location.Binding;
import io.telcred.location.Location;
import io.telcred.location.Transport;
import io.telcred.sip.message.NameAddress;
import io.telcred.sip.message.SipParseException;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.message.SipUri;
import io.telcred.sip.message.Via;
import io.telcred.sip.node.NodeRequests;
import io.telcred.sip.transaction.ClientTransaction;
import io.telcred.sip.transaction.ClientTransactions;
import io.telcred.sip.transaction.Responses;
import io.telcred.sip.transaction.ServerTransaction;
import io.telcred.sip.transaction.ServerTransactions;
import io.telcred.sip.transaction.TransactionKey;
import io.telcred.sip.transport.Addressing;
import io.telcred.sip.transport.Flow;
import io.telcred.sip.transport.NextHop;
import io.telcred.sip.transport.SipTransports;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The proxy (RFC 3261 §16). A new request from a registered user to another user of the same
 * account is forked to every binding of the callee, one client transaction per binding: cancelled
 * when the caller cancels, when another branch answers, or when it rings too long (Timer C), and
 * answered upstream once with the best final response. In a cluster, a callee with bindings on
 * other nodes is forked to those nodes too ({@link NodeRequests}). Requests inside a dialog, and their
 * responses, are forwarded statelessly along Record-Route, the next hop found through the callee's
 * or caller's binding so that WebSocket and NATed clients are reached over their own connection.
 */
public final class Proxy {

    /** Methods that create dialogs, so the proxy stays on their path with Record-Route. */
    private static final Set<String> DIALOG_CREATING = Set.of("INVITE", "SUBSCRIBE", "REFER");
    /** A private Via parameter naming the stream connection a forwarded request came in on. */
    static final String FLOW_PARAM = "tcflow";
    private static final int DEFAULT_MAX_FORWARDS = 70;

    private final SipTransports transports;
    private final ServerTransactions serverTransactions;
    private final ClientTransactions clientTransactions;
    private final Addressing addressing;
    private final Location location;
    private final Directory directory;
    private final Timer timer;
    private final Duration inviteTimeout;
    private final DialogStamps dialogs;
    private final NodeRequests nodeRequests;
    private final Map<TransactionKey, ForkedRequest> forks = new ConcurrentHashMap<>();

    /**
     * @param inviteTimeout an unanswered call branch is cancelled after ringing this long (Timer C)
     * @param dialogSecret  keys the MACs that bind in-dialog requests to their dialogs; every node shares it
     */
    public Proxy(SipTransports transports, ServerTransactions serverTransactions, ClientTransactions clientTransactions,
                 Addressing addressing, Location location, Directory directory, Timer timer, Duration inviteTimeout,
                 byte[] dialogSecret, NodeRequests nodeRequests) {
        this.transports = transports;
        this.serverTransactions = serverTransactions;
        this.clientTransactions = clientTransactions;
        this.addressing = addressing;
        this.location = location;
        this.directory = directory;
        this.timer = timer;
        this.inviteTimeout = inviteTimeout;
        this.dialogs = new DialogStamps(dialogSecret);
        this.nodeRequests = nodeRequests;
    }

    /**
     * Forks a new request of {@code caller} to every binding of {@code callee} (same account, checked
     * by the caller): this node's own, and, when {@code toOtherNodes}, every other node of a cluster
     * that holds one, which passes it on to its own (never further).
     */
    public void fork(ServerTransaction upstream, Login callee, boolean toOtherNodes) {
        CompletableFuture<List<String>> otherNodes = toOtherNodes ? location.otherNodesOf(callee.loginName())
                : CompletableFuture.completedFuture(List.of());
        otherNodes.thenAccept(nodes -> fork(upstream, callee, nodes)).exceptionally(e -> {
            serverTransactions.respond(upstream, Responses.unavailableOrFailed(upstream.request(), e));
            return null;
        });
    }

    private void fork(ServerTransaction upstream, Login callee, List<String> otherNodes) {
        SipRequest request = upstream.request();
        // WebRTC sessions are rung by the call model, not forked to as SIP contacts.
        List<Binding> targets = location.bindings(callee.loginName()).stream().filter(b -> !b.webRtc()).toList();
        List<NextHop> nodes = otherNodes.stream().map(NextHop::ofAddress).filter(Objects::nonNull).toList();
        if (targets.isEmpty() && nodes.isEmpty()) {
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
        BranchListener listener = new BranchListener(fork);
        List<ClientTransaction> branches = new ArrayList<>();
        for (Binding target : targets) {
            SipRequest copy = branch(upstream, maxForwards, target.transport());
            copy.requestUri(target.contact());
            for (int i = target.path().size() - 1; i >= 0; i--) {
                copy.headers().addFirst("Route", target.path().get(i));
            }
            branches.add(clientTransactions.create(copy, NextHop.of(target), listener));
        }
        for (NextHop node : nodes) {
            // To the callee's address of record, as the caller sent it: the node finds its bindings.
            SipRequest copy = branch(upstream, maxForwards, node.transport());
            nodeRequests.sign(copy);
            branches.add(clientTransactions.create(copy, node, listener));
        }
        fork.branches = List.copyOf(branches);
        forks.put(upstream.key(), fork);
        branches.forEach(ClientTransaction::start);
    }

    /** The request as one branch sends it over {@code out}: one hop fewer, our credentials taken off, our Record-Route on. */
    private SipRequest branch(ServerTransaction upstream, int maxForwards, Transport out) {
        SipRequest request = upstream.request();
        SipRequest copy = request.copy();
        copy.headers().set("Max-Forwards", Integer.toString(maxForwards - 1));
        // RFC 3261 §22.3: the credentials for our realm stop here; the callee must never see them.
        removeOurCredentials(copy);
        if (DIALOG_CREATING.contains(request.method())) {
            String stamp = DialogStamps.PARAMETER + "=" + dialogs.stamp(request.callId(),
                    request.from() == null ? null : request.from().tag());
            Transport in = upstream.flow().transport();
            copy.headers().addFirst("Record-Route", addressing.recordRoute(in, stamp));
            if (out != in) {
                // RFC 5658: a second entry, reachable from the callee's side.
                copy.headers().addFirst("Record-Route", addressing.recordRoute(out, stamp));
            }
        }
        return copy;
    }

    /** A CANCEL from the caller: answered at once, then passed to every branch still ringing. */
    public void cancel(ServerTransaction cancelTransaction) {
        SipRequest cancel = cancelTransaction.request();
        ForkedRequest fork = forks.get(TransactionKey.ofCancelled(cancel));
        if (fork == null || fork.answered()) {
            serverTransactions.respond(cancelTransaction, Responses.answer(cancel, 481, "Call/Transaction Does Not Exist"));
            return;
        }
        serverTransactions.respond(cancelTransaction, Responses.answer(cancel, 200, "OK"));
        fork.cancelled = true;
        fork.branches.forEach(ClientTransaction::cancel);
    }

    /**
     * A request inside a dialog, its Routes naming us already removed ({@code ourRoutes}): on to its
     * target, statelessly, when one of those Routes carries its dialog's MAC; else refused with 403
     * (an ACK, which cannot be answered, is dropped).
     */
    public void forwardInDialog(SipRequest request, Flow inbound, List<SipUri> ourRoutes) {
        if (!dialogs.stamped(request, ourRoutes)) {
            if (!request.method().equals("ACK")) {
                transports.send(Responses.answer(request, 403, "Forbidden: not in a dialog through this server"), inbound);
            }
            return;
        }
        int maxForwards = maxForwards(request);
        if (maxForwards == 0) {
            if (!request.method().equals("ACK")) {
                transports.send(Responses.answer(request, 483, "Too Many Hops"), inbound);
            }
            return;
        }
        Optional<Binding> binding = location.byContact(request.requestUri());
        if (binding.isEmpty()) {
            // Registered with another node of the cluster, whose Record-Route is next; or not
            // registered here now (telcred restarted, say, and the phone has not registered again
            // yet): the Request-URI itself, as any proxy would, when it is an address.
            String nextRoute = request.headers().first("Route");
            NextHop direct = NextHop.ofAddress(nextRoute != null ? routeUri(nextRoute)
                    : SipUri.parseOrNull(request.requestUri()));
            if (direct == null) {
                refuse(request, inbound, 404, "Not Found");
            } else {
                forward(request, inbound, maxForwards, direct);
            }
            return;
        }
        Binding target = binding.get();
        sameAccountAsDialog(request, target.accountId()).thenAccept(allowed -> {
            if (allowed) {
                forward(request, inbound, maxForwards, NextHop.of(target));
            } else {
                refuse(request, inbound, 403, "Forbidden");
            }
        }).exceptionally(e -> {
            if (!request.method().equals("ACK")) {
                transports.send(Responses.unavailableOrFailed(request, e), inbound);
            }
            return null;
        });
    }

    private void forward(SipRequest request, Flow inbound, int maxForwards, NextHop hop) {
        SipRequest copy = request.copy();
        copy.headers().set("Max-Forwards", Integer.toString(maxForwards - 1));
        String via = addressing.via(hop.transport(), statelessBranch(request));
        if (inbound.transport() != Transport.UDP && tokenSafe(inbound.id())) {
            via += ";" + FLOW_PARAM + "=" + inbound.id();
        }
        copy.headers().addFirst("Via", via);
        if (!transports.send(copy, hop)) {
            refuse(request, inbound, 480, "Temporarily Unavailable");
        }
    }

    /** Answers a request that goes no further; an ACK, which takes no answer, is dropped. */
    private void refuse(SipRequest request, Flow inbound, int status, String reason) {
        if (!request.method().equals("ACK")) {
            transports.send(Responses.answer(request, status, reason), inbound);
        }
    }

    private static SipUri routeUri(String route) {
        try {
            return NameAddress.parse(route).sipUri();
        } catch (SipParseException e) {
            return null;
        }
    }

    /**
     * A response from downstream that no client transaction claimed: the answer to a request
     * forwarded statelessly inside a dialog, passed back along its Via path.
     */
    public void forwardResponse(SipResponse response) {
        Via top = response.topVia();
        if (top != null && top.branch() != null) {
            forwardResponseStatelessly(response, top);
        }
    }

    /** The answers of a fork's branches, each turned into what the caller hears. */
    private final class BranchListener implements ClientTransaction.Listener {

        private final ForkedRequest fork;

        BranchListener(ForkedRequest fork) {
            this.fork = fork;
        }

        @Override
        public void provisional(ClientTransaction branch, SipResponse response) {
            int status = response.status();
            if (status > 100 && fork.invite()) {
                if (fork.cancelled) {
                    branch.cancel();
                } else {
                    startRingingTimer(fork, branch);
                }
            }
            if (status > 100 && !fork.answered()) {
                serverTransactions.respond(fork.upstream, upstream(response));
            }
        }

        /** A success goes on at once; the best failure once every branch has failed. */
        @Override
        public void completed(ClientTransaction branch, SipResponse response) {
            fork.stopRinging(branch);
            SipResponse upstream = upstream(response);
            if (response.status() < 300) {
                if (fork.claimAnswer()) {
                    forks.remove(fork.upstream.key(), fork);
                    serverTransactions.respond(fork.upstream, upstream);
                    for (ClientTransaction other : fork.branches) {
                        if (other != branch) {
                            other.cancel();
                        }
                    }
                } else if (fork.invite()) {
                    // RFC 3261 §16.7: every 2xx to an INVITE goes to the caller, who may end the extra dialogs.
                    transports.send(upstream, fork.upstream.flow());
                }
                return;
            }
            fork.offer(upstream);
            if (fork.allFinished() && fork.claimAnswer()) {
                forks.remove(fork.upstream.key(), fork);
                serverTransactions.respond(fork.upstream, fork.best());
            }
        }

        /** Passed to the caller, who acknowledges it end to end. */
        @Override
        public void anotherSuccess(ClientTransaction branch, SipResponse response) {
            transports.send(upstream(response), fork.upstream.flow());
        }
    }

    /** Timer C: a call that rings too long is cancelled. */
    private void startRingingTimer(ForkedRequest fork, ClientTransaction branch) {
        fork.stopRinging(branch);
        fork.ringing.put(branch, timer.newTimeout(t -> branch.cancel(), inviteTimeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** A branch's answer as the caller gets it: without our Via. */
    private static SipResponse upstream(SipResponse response) {
        SipResponse copy = response.copy();
        copy.headers().removeFirstValue("Via");
        return copy;
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
        return directory.find(uri.user()).thenApply(login -> login.map(l -> l.accountId().equals(accountId)).orElse(false));
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
}
