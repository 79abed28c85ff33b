package io.telcred.sip.core;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.telcred.auth.AuthFailureLimiter;
import io.telcred.auth.AuthOutcome;
import io.telcred.auth.DigestAuthenticator;
import io.telcred.auth.DigestSettings;
import io.telcred.auth.NonceCounts;
import io.telcred.auth.NonceService;
import io.telcred.call.Calls;
import io.telcred.directory.Directory;
import io.telcred.location.Location;
import io.telcred.location.Transport;
import io.telcred.metrics.CounterFamily;
import io.telcred.metrics.MeterNames;
import io.telcred.metrics.Metrics;
import io.telcred.sip.b2bua.B2bua;
import io.telcred.sip.b2bua.B2buaContext;
import io.telcred.sip.b2bua.Dialogs;
import io.telcred.sip.node.NodeRequests;
import io.telcred.sip.proxy.Proxy;
import io.telcred.sip.registrar.Registrar;
import io.telcred.sip.transaction.ClientTransactions;
import io.telcred.sip.transaction.ServerTransactions;
import io.telcred.sip.transaction.SipTimer;
import io.telcred.sip.transaction.SipTimers;
import io.telcred.sip.transport.Addressing;
import io.telcred.sip.transport.Inbound;
import io.telcred.sip.transport.SipReceiver;
import io.telcred.sip.transport.SipTraffic;
import io.telcred.sip.transport.SipTransports;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** The SIP door: transports, transaction layer, registrar and proxy, wired and started. */
public final class SipServer implements AutoCloseable {

    private final SipTransports transports;
    private final SipTimer timer;
    private final ServerTransactions serverTransactions;
    private final ClientTransactions clientTransactions;
    private final SipCore core;

    private SipServer(SipSettings settings, Directory directory, Location location, Calls calls, AuthFailureLimiter limiter,
                      byte[] nonceSecret, int nodeTag, Clock clock, Metrics metrics) {
        this.timer = new SipTimer();
        LateReceiver receiver = new LateReceiver();
        this.transports = new SipTransports(settings.transports(), receiver, new SipTraffic(metrics));
        String domain = directory.realm();
        DigestSettings digest = settings.digest();
        DigestAuthenticator authenticator = new DigestAuthenticator(directory,
                new NonceService(nonceSecret, nodeTag, clock, digest.nonceLifetime()),
                new NonceCounts(digest.nonceLifetime(), digest.maxTrackedNonces(), clock),
                limiter, domain, digest.offered());
        Addressing addressing = new Addressing(settings.advertisedHost(), domain, transports, localHosts());
        SipTimers timers = new SipTimers(settings.timerT1().toMillis());
        this.serverTransactions = new ServerTransactions(transports, timer, timers);
        this.clientTransactions = new ClientTransactions(transports, addressing, timer, timers);
        // A node's request may be as old as a transaction lives (Timer B), plus the clocks' difference.
        NodeRequests nodeRequests = new NodeRequests(nonceSecret, settings.timerT1().multipliedBy(64 * 2), clock);
        Proxy proxy = new Proxy(transports, serverTransactions, clientTransactions, addressing, location, directory, timer,
                settings.inviteTimeout(), nonceSecret, nodeRequests);
        B2bua b2bua = new B2bua(new B2buaContext(transports, serverTransactions, clientTransactions, addressing, timer, timers,
                new Dialogs(), nodeRequests), location, calls);
        this.core = new SipCore(transports, serverTransactions, clientTransactions, authenticator,
                new Registrar(location, settings.registrar(), clock), proxy, b2bua, addressing, directory, location, timer,
                new CounterFamily(metrics, MeterNames.AUTHENTICATIONS, "judged logins by outcome", "outcome",
                        AuthOutcome.KINDS, "door", "sip"), nodeRequests);
        receiver.target = core;
        MeterRegistry registry = metrics.registry();
        Gauge.builder(MeterNames.SIP_TRANSACTIONS, serverTransactions, ServerTransactions::size).tag("side", "server")
                .description("SIP transactions in memory").register(registry);
        Gauge.builder(MeterNames.SIP_TRANSACTIONS, clientTransactions, ClientTransactions::size).tag("side", "client")
                .description("SIP transactions in memory").register(registry);
        Gauge.builder(MeterNames.SIP_CONNECTIONS, transports, SipTransports::openConnections)
                .description("open SIP connections (TCP, TLS, WS, WSS)").register(registry);
    }

    /**
     * Starts the SIP door on the platform's directory (whose realm is the SIP domain) and location;
     * {@code limiter} is shared with the other doors that take passwords. Every node of a cluster
     * has the same {@code nonceSecret} and its own {@code nodeTag}, which its nonces carry.
     */
    public static SipServer start(SipSettings settings, Directory directory, Location location, Calls calls,
                                  AuthFailureLimiter limiter, byte[] nonceSecret, int nodeTag, Clock clock,
                                  Metrics metrics) {
        SipServer server = new SipServer(settings, directory, location, calls, limiter, nonceSecret, nodeTag, clock,
                metrics);
        try {
            server.transports.start();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The bound port of a transport, or -1 when it is off. */
    public int port(Transport transport) {
        return transports.port(transport);
    }

    /**
     * The first step of a graceful stop: new requests get 503 with {@code retryAfter}, while
     * transactions and dialogs under way go on.
     */
    public void refuseNewRequests(Duration retryAfter) {
        core.refuseNewRequests(retryAfter);
    }

    /** Closes every SIP-over-WebSocket connection with {@code status}, telling its client why (a restart: come back). */
    public void closeWebSockets(int status, String reason) {
        transports.closeWebSockets(status, reason);
    }

    /**
     * Transactions under way: server transactions not yet finally answered, and client
     * transactions (which end on their answer or their timer).
     */
    public int transactionsUnderWay() {
        return serverTransactions.unanswered() + clientTransactions.size();
    }

    /** Whether the transports listen: from the start until closed. */
    public boolean listening() {
        return transports.listening();
    }

    /** Server and client transactions in memory: both return to zero when traffic stops. */
    public int pendingTransactions() {
        return serverTransactions.size() + clientTransactions.size();
    }

    @Override
    public void close() {
        transports.close();
        timer.stop();
    }

    /** Every address of this host, so that a Route or Request-URI naming any of them is known as us. */
    private static Set<String> localHosts() {
        Set<String> hosts = new HashSet<>(Set.of("127.0.0.1", "localhost", "::1", "[::1]"));
        try {
            for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                    String host = address.getHostAddress();
                    int zone = host.indexOf('%');
                    hosts.add(zone > 0 ? host.substring(0, zone) : host);
                }
            }
        } catch (SocketException e) {
            // loopback names only
        }
        return hosts;
    }

    /** The transports need a receiver before the core that uses them exists. */
    private static final class LateReceiver implements SipReceiver {
        private volatile SipReceiver target;

        @Override
        public void received(Inbound inbound) {
            target.received(inbound);
        }

        @Override
        public void flowClosed(io.telcred.sip.transport.Flow flow) {
            target.flowClosed(flow);
        }
    }
}
