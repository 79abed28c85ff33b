package io.telcred.sip.core;

import io.telcred.directory.Directory;
import io.telcred.location.Location;
import io.telcred.location.Transport;
import io.telcred.sip.auth.AuthFailureLimiter;
import io.telcred.sip.auth.NonceCounts;
import io.telcred.sip.auth.NonceService;
import io.telcred.sip.transport.Inbound;
import io.telcred.sip.transport.SipReceiver;
import io.telcred.sip.transport.SipTransports;
import io.telcred.sip.transport.TransportSettings;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/** The SIP door: transports, transaction layer, registrar and proxy, wired and started. */
public final class SipServer implements AutoCloseable {

    private final SipTransports transports;
    private final SipTimer timer;
    private final SipCore core;
    private final ServerTransactions serverTransactions;
    private final Proxy proxy;

    private SipServer(SipSettings settings, TransportSettings transportSettings, Directory directory, Location location,
                      byte[] nonceSecret, Clock clock) {
        this.timer = new SipTimer();
        LateReceiver receiver = new LateReceiver();
        this.transports = new SipTransports(transportSettings, receiver);
        AuthFailureLimiter limiter = new AuthFailureLimiter(settings.authFailures(), clock);
        NonceService nonces = new NonceService(nonceSecret, clock, settings.nonceLifetime());
        SipAuthenticator authenticator = new SipAuthenticator(directory, nonces, new NonceCounts(settings.nonceLifetime(), settings.maxTrackedNonces(), clock),
                limiter, settings.domain(), settings.digestAlgorithms());
        Addressing addressing = new Addressing(settings.advertisedHost(), settings.domain(), transports, localHosts());
        SipTimers timers = new SipTimers(settings.timerT1().toMillis());
        this.serverTransactions = new ServerTransactions(transports, timer, timers);
        this.proxy = new Proxy(transports, serverTransactions, addressing, location, directory, timer, settings, timers);
        this.core = new SipCore(transports, serverTransactions, authenticator, limiter,
                new Registrar(location, settings, clock), proxy, addressing, directory, location, timer);
        receiver.target = core;
    }

    public static SipServer start(SipSettings settings, TransportSettings transportSettings, Directory directory,
                                  Location location, byte[] nonceSecret, Clock clock) {
        SipServer server = new SipServer(settings, transportSettings, directory, location, nonceSecret, clock);
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

    /** Server transactions and proxy branches in memory: both return to zero when traffic stops. */
    public int pendingTransactions() {
        return serverTransactions.size() + proxy.pendingBranches();
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
