package io.telcred.sip.core;

import io.netty.util.Timer;
import io.telcred.auth.AuthOutcome;
import io.telcred.auth.DigestAuthenticator;
import io.telcred.auth.DigestAuthorization;
import io.telcred.common.LogContext;
import io.telcred.directory.Directory;
import io.telcred.metrics.CounterFamily;
import io.telcred.directory.Login;
import io.telcred.location.Location;
import io.telcred.location.Transport;
import io.telcred.sip.b2bua.B2bua;
import io.telcred.sip.message.NameAddress;
import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipParseException;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.message.SipUri;
import io.telcred.sip.message.Via;
import io.telcred.sip.node.NodeRequests;
import io.telcred.sip.proxy.Proxy;
import io.telcred.sip.registrar.Registrar;
import io.telcred.sip.transaction.ClientTransactions;
import io.telcred.sip.transaction.Responses;
import io.telcred.sip.transaction.ServerTransaction;
import io.telcred.sip.transaction.ServerTransactions;
import io.telcred.sip.transaction.TransactionKey;
import io.telcred.sip.transport.Addressing;
import io.telcred.sip.transport.Flow;
import io.telcred.sip.transport.Inbound;
import io.telcred.sip.transport.SipReceiver;
import io.telcred.sip.transport.SipTransports;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every SIP message arrives: sorts it into registrar, proxy, or telcred's own answer. Runs on
 * the transports' event loops and never blocks: directory lookups that miss the cache complete on
 * the directory's own threads, and the work continues there.
 */
final class SipCore implements SipReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(SipCore.class);
    private static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, PRACK, MESSAGE, NOTIFY, REGISTER, SUBSCRIBE, REFER";

    private final SipTransports transports;
    private final ServerTransactions serverTransactions;
    private final ClientTransactions clientTransactions;
    private final DigestAuthenticator authenticator;
    private final Registrar registrar;
    private final Proxy proxy;
    private final B2bua b2bua;
    private final Addressing addressing;
    private final Directory directory;
    private final Location location;
    private final Timer timer;
    private final CounterFamily authentications;
    private final NodeRequests nodeRequests;
    /** While the server drains before it stops: the Retry-After of the 503 new requests get; null before. */
    private volatile Duration refusingNewRequests;

    SipCore(SipTransports transports, ServerTransactions serverTransactions, ClientTransactions clientTransactions,
            DigestAuthenticator authenticator, Registrar registrar, Proxy proxy, B2bua b2bua, Addressing addressing,
            Directory directory, Location location, Timer timer, CounterFamily authentications,
            NodeRequests nodeRequests) {
        this.transports = transports;
        this.serverTransactions = serverTransactions;
        this.clientTransactions = clientTransactions;
        this.authenticator = authenticator;
        this.registrar = registrar;
        this.proxy = proxy;
        this.b2bua = b2bua;
        this.addressing = addressing;
        this.directory = directory;
        this.location = location;
        this.timer = timer;
        this.authentications = authentications;
        this.nodeRequests = nodeRequests;
    }

    /**
     * From now on, a request that would start something new (a REGISTER, an INVITE, any request
     * outside a dialog) is answered 503 with {@code retryAfter}, so that the client goes elsewhere
     * or comes back after the restart; requests within dialogs, CANCELs and ACKs are still handled,
     * so that what is under way can finish.
     */
    void refuseNewRequests(Duration retryAfter) {
        this.refusingNewRequests = retryAfter;
    }

    @Override
    public void received(Inbound inbound) {
        Flow flow = inbound.flow();
        try {
            if (inbound.result() instanceof ParseResult.Parsed parsed) {
                if (parsed.message() instanceof SipRequest request) {
                    onRequest(request, flow);
                } else if (!clientTransactions.received((SipResponse) parsed.message())) {
                    proxy.forwardResponse((SipResponse) parsed.message());
                }
            }
            // A message that does not parse is the transport's: it answered already where it could (over
            // a stream, with the parser's status, before closing when the framing was lost); garbage over
            // UDP is never answered.
        } catch (RuntimeException e) {
            LOG.warn("could not handle a SIP message from {}: {}", flow.remote(), e.toString());
        }
    }

    @Override
    public void flowClosed(Flow flow) {
        // RFC 5626: a registration bound to a connection ends with it.
        location.removeFlow(flow.id());
    }

    private void onRequest(SipRequest request, Flow flow) {
        markSource(request, flow);
        // Without a transaction there is nothing to absorb a retransmission with: it is answered anew.
        TransactionKey key = answeredStatelessly(request) ? null : TransactionKey.of(request);
        if (key != null && serverTransactions.absorbedRetransmission(request, key, flow)) {
            return;
        }
        if (authenticator.refuses(flow.remote().getAddress())) {
            if (flow.transport() != Transport.UDP && !request.method().equals("ACK")) {
                transports.send(Responses.answer(request, 403, "Forbidden"), flow);
            }
            return;
        }
        route(request, key, flow);
    }

    /**
     * A REGISTER without any Authorization is answered without a transaction (see {@link #register}).
     * Most REGISTERs are such, the first of a pair; their transaction key is not even built.
     */
    private static boolean answeredStatelessly(SipRequest request) {
        return request.method().equals("REGISTER") && request.headers().first("Authorization") == null;
    }

    /** {@code key} is the request's transaction key, null when it is {@linkplain #answeredStatelessly answered statelessly}. */
    private void route(SipRequest request, TransactionKey key, Flow flow) {
        String method = request.method();
        List<SipUri> ourRoutes = popOurRoutes(request);
        boolean inDialog = request.to() != null && request.to().tag() != null;
        boolean forUs = ourRoutes.isEmpty() && addressing.isUs(SipUri.parseOrNull(request.requestUri()));
        if (method.equals("ACK")) {
            if (inDialog && !(forUs && b2bua.ack(request))) {
                proxy.forwardInDialog(request, flow, ourRoutes);
            }
            return;
        }
        if (inDialog && !method.equals("CANCEL")) {
            if (forUs) {
                // For telcred itself, as the user agent of a bridged call.
                ServerTransaction transaction = serverTransactions.begin(request, key, flow);
                if (!b2bua.inDialog(transaction)) {
                    serverTransactions.respond(transaction, Responses.answer(request, 481, "Call/Transaction Does Not Exist"));
                }
            } else {
                proxy.forwardInDialog(request, flow, ourRoutes);
            }
            return;
        }
        Duration refusing = refusingNewRequests;
        if (refusing != null && !method.equals("CANCEL")) {
            transports.send(Responses.unavailable(request, refusing), flow);
            return;
        }
        if (method.equals("REGISTER")) {
            register(request, key, flow);
            return;
        }
        ServerTransaction transaction = serverTransactions.begin(request, key, flow);
        if (method.equals("CANCEL")) {
            if (!b2bua.cancel(transaction)) {
                proxy.cancel(transaction);
            }
        } else {
            newRequest(transaction);
        }
    }

    /**
     * A REGISTER that carries no credentials for our realm, or a malformed one, is answered
     * statelessly (RFC 3261 §8.2.7), as most REGISTERs are the first of a pair and earn a challenge:
     * a retransmission just gets a fresh one. Only a REGISTER with credentials becomes a
     * transaction, since a retransmission of it repeats its nonce count and must get the same answer.
     */
    private void register(SipRequest request, TransactionKey key, Flow flow) {
        SipUri aor = request.to() == null ? null : request.to().sipUri();
        if (aor == null || aor.user() == null || request.cseq() == null) {
            transports.send(Responses.answer(request, 400, "Bad To"), flow);
            return;
        }
        DigestAuthorization credentials = authenticator.credentials(request.headers().lines("Authorization"));
        if (credentials == null) {
            transports.send(unauthenticated(request, new AuthOutcome.Challenge(false), false), flow);
            return;
        }
        ServerTransaction transaction = serverTransactions.begin(request, key, flow);
        if (forAnotherResource(transaction, credentials)) {
            return;
        }
        authenticator.authenticate(request.method(), credentials, flow.remote().getAddress()).thenAccept(outcome -> decided(counted(outcome), decision -> {
            if (decision instanceof AuthOutcome.Accepted accepted) {
                Login login = accepted.login();
                SipResponse response = login.loginName().equals(aor.user())
                        ? registrar.register(request, transaction.flow(), login)
                        : Responses.answer(request, 403, "Forbidden: not your address of record");
                serverTransactions.respond(transaction, response);
            } else {
                serverTransactions.respond(transaction, unauthenticated(request, decision, false));
            }
        }, e -> failed(transaction, e))).exceptionally(e -> failed(transaction, e));
    }

    /** A new request that is not a REGISTER: for telcred itself, or from a user to a user. */
    private void newRequest(ServerTransaction transaction) {
        SipRequest request = transaction.request();
        SipUri target = SipUri.parseOrNull(request.requestUri());
        if (target == null) {
            serverTransactions.respond(transaction, Responses.answer(request, 416, "Unsupported URI Scheme"));
            return;
        }
        if (target.user() == null && addressing.isUs(target)) {
            serverTransactions.respond(transaction, request.method().equals("OPTIONS")
                    ? options(request) : Responses.answer(request, 405, "Method Not Allowed"));
            return;
        }
        if (!addressing.isOurDomain(target)) {
            serverTransactions.respond(transaction, Responses.answer(request, 403, "Forbidden: no route outside this domain"));
            return;
        }
        if (NodeRequests.claimsANode(request)) {
            fromAnotherNode(transaction, target);
            return;
        }
        DigestAuthorization credentials = authenticator.credentials(request.headers().lines("Proxy-Authorization"));
        if (credentials != null && forAnotherResource(transaction, credentials)) {
            return;
        }
        authenticator.authenticate(request.method(), credentials, transaction.flow().remote().getAddress())
                .thenAccept(outcome -> decided(credentials == null ? outcome : counted(outcome), decision -> {
                    if (decision instanceof AuthOutcome.Accepted accepted) {
                        forward(transaction, accepted.login(), target, true);
                    } else {
                        serverTransactions.respond(transaction, unauthenticated(request, decision, true));
                    }
                }, e -> failed(transaction, e))).exceptionally(e -> failed(transaction, e));
    }

    /**
     * A request another node of the cluster passed on, having authenticated its caller: on to this
     * node's own bindings of the callee, as if a phone of the account had sent it here.
     */
    private void fromAnotherNode(ServerTransaction transaction, SipUri target) {
        SipRequest request = transaction.request();
        SipUri from = request.from() == null ? null : request.from().sipUri();
        if (!nodeRequests.vouchedFor(request) || from == null || from.user() == null) {
            serverTransactions.respond(transaction, Responses.answer(request, 403, "Forbidden: not from a node of this cluster"));
            return;
        }
        directory.find(from.user()).thenAccept(caller -> {
            if (caller.isEmpty()) {
                serverTransactions.respond(transaction, Responses.answer(request, 403, "Forbidden: no such caller"));
            } else {
                forward(transaction, caller.get(), target, false);
            }
        }).exceptionally(e -> failed(transaction, e));
    }

    /**
     * An authenticated caller's request to a user of its own account, on to the proxy; to the other
     * nodes of a cluster too when {@code toOtherNodes} (not for a request one of them passed on).
     */
    private void forward(ServerTransaction transaction, Login caller, SipUri target, boolean toOtherNodes) {
        SipRequest request = transaction.request();
        SipUri from = request.from() == null ? null : request.from().sipUri();
        if (from == null || !caller.loginName().equals(from.user())) {
            serverTransactions.respond(transaction, Responses.answer(request, 403, "Forbidden: From is not yours"));
            return;
        }
        directory.find(target.user()).thenAccept(callee -> {
            if (callee.isEmpty() || !callee.get().accountId().equals(caller.accountId())) {
                if (request.method().equals("INVITE") && b2bua.hasOffer(request)) {
                    // No login of the account: call control may park it for the caller's application; else 404.
                    b2bua.invite(transaction, caller, target.user(), !toOtherNodes);
                } else {
                    serverTransactions.respond(transaction, Responses.answer(request, 404, "Not Found"));
                }
            } else if (request.method().equals("INVITE") && b2bua.bridges(callee.get())) {
                b2bua.invite(transaction, caller, callee.get().loginName(), !toOtherNodes);
            } else {
                proxy.fork(transaction, callee.get(), toOtherNodes);
            }
        }).exceptionally(e -> failed(transaction, e));
    }

    /**
     * Refuses with 400 a digest answer computed for another resource than the request's
     * (RFC 3261 §22.4), which could only be one taken from another request; true when it did.
     */
    private boolean forAnotherResource(ServerTransaction transaction, DigestAuthorization credentials) {
        SipRequest request = transaction.request();
        if (addressing.sameResource(credentials.uri(), request.requestUri())) {
            return false;
        }
        serverTransactions.respond(transaction, Responses.answer(request, 400, "Bad Request: digest uri is not the Request-URI"));
        return true;
    }

    /** Counts a judged answer to a challenge (not the challenge a request without one earns). */
    private AuthOutcome counted(AuthOutcome outcome) {
        authentications.increment(outcome.kind());
        return outcome;
    }

    /** Acts on an authentication outcome: at once, or after the delay a source that failed often gets. */
    private void decided(AuthOutcome outcome, Consumer<AuthOutcome> action, Consumer<Throwable> failure) {
        if (!(outcome instanceof AuthOutcome.Delayed delayed)) {
            action.accept(outcome);
            return;
        }
        timer.newTimeout(t -> {
            try {
                action.accept(delayed.outcome());
            } catch (RuntimeException e) {
                failure.accept(e);
            }
        }, delayed.delay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A 403 for a login that may not log in, else a 401 (registrar) or 407 (proxy) with fresh challenges. */
    private SipResponse unauthenticated(SipRequest request, AuthOutcome outcome, boolean proxy) {
        if (outcome instanceof AuthOutcome.Refused refused) {
            return Responses.answer(request, 403, "Forbidden: " + refused.reason());
        }
        boolean stale = outcome instanceof AuthOutcome.Challenge challenge && challenge.stale();
        SipResponse response = Responses.answer(request, proxy ? 407 : 401, null);
        String header = proxy ? "Proxy-Authenticate" : "WWW-Authenticate";
        authenticator.challenge(stale).forEach(value -> response.headers().add(header, value));
        return response;
    }

    private SipResponse options(SipRequest request) {
        SipResponse ok = Responses.answer(request, 200, "OK");
        ok.headers().set("Allow", ALLOW);
        ok.headers().set("Accept", "application/sdp");
        ok.headers().set("Supported", "path, outbound");
        return ok;
    }

    /**
     * A request that could not be judged: 503 with Retry-After while the store cannot be reached
     * (the client tries again, or another server), else 500. Never silence.
     */
    private Void failed(ServerTransaction transaction, Throwable e) {
        SipResponse answer = Responses.unavailableOrFailed(transaction.request(), e);
        if (answer.status() == 500) {
            // Often on another thread than the one the message arrived on: the Call-ID is put back for this line.
            try (LogContext.Scope scope = LogContext.with(LogContext.CALL_ID, transaction.request().callId())) {
                LOG.warn("failed on {} from {}", transaction.request().method(), transaction.flow().remote(), e);
            }
        }
        serverTransactions.respond(transaction, answer);
        return null;
    }

    /** Removes the top Route entries that name us (loose routing, RFC 3261 §16.4), and returns them. */
    private List<SipUri> popOurRoutes(SipRequest request) {
        List<SipUri> removed = List.of();
        String route;
        while ((route = request.headers().first("Route")) != null) {
            SipUri uri = routeUri(route);
            if (!addressing.isUs(uri)) {
                break;
            }
            request.headers().removeFirstValue("Route");
            removed = removed.isEmpty() ? new ArrayList<>(2) : removed;
            removed.add(uri);
        }
        return removed;
    }

    private static SipUri routeUri(String route) {
        try {
            return NameAddress.parse(route).sipUri();
        } catch (SipParseException e) {
            return null;
        }
    }

    /** RFC 3581 and §18.2.1: the top Via learns where the request really came from. */
    private static void markSource(SipRequest request, Flow flow) {
        Via top = request.topVia();
        if (top == null) {
            return;
        }
        String address = flow.remote().getAddress().getHostAddress();
        Via marked = top;
        if (!address.equals(top.host())) {
            marked = marked.withParam("received", address);
        }
        if (top.hasParam("rport")) {
            marked = marked.withParam("rport", Integer.toString(flow.remote().getPort()));
        }
        if (marked != top) {
            request.headers().replaceFirstValue("Via", marked.toString());
        }
    }
}
