package io.telcred.sip.transport;

import io.telcred.common.Cidr;
import io.telcred.common.ForwardedFor;
import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import io.telcred.sip.message.SipLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link SipTransports} listens. A port of {@value #ANY_PORT} picks a free port (tests); a port of
 * {@value #DISABLED} turns that transport off. When UDP and TCP both ask for {@value #ANY_PORT} they
 * get the same free port, as SIP expects of one server. TLS and WSS start only when both the
 * certificate and the key are given.
 *
 * @param bindHost          the address to listen on ({@code 0.0.0.0} for every IPv4 interface)
 * @param tlsCertificate    PEM certificate chain, leaf first; null for no TLS and no WSS
 * @param tlsPrivateKey     PEM PKCS#8 private key ({@code BEGIN PRIVATE KEY}) of the certificate; null with it
 * @param limits            bounds on one SIP message, for every transport
 * @param idleTimeout       a TCP, TLS, WS or WSS connection with no traffic either way this long is
 *                          closed; clients keep theirs open with CRLF keep-alives (RFC 5626 §4.4.1)
 * @param maxConnections    the most TCP, TLS, WS and WSS connections open at once, in and out
 *                          together; a connection beyond it is closed as soon as it is accepted
 * @param workerThreads     event loop threads for connections and UDP; 0 for Netty's default (twice
 *                          the processors)
 * @param udpThreads        threads (and sockets, where the platform can share a port) serving UDP; 0 for
 *                          one per processor
 * @param tlsClientTrustAll when telcred dials out over TLS, accept any server certificate. For tests
 *                          and closed lab networks only: it gives up all protection against a
 *                          man in the middle. When false the JDK's trust store decides.
 * @param webSocketProxies  networks (CIDRs) of reverse proxies in front of WS and WSS: a connection
 *                          from one of them is the client its {@code X-Forwarded-For} names
 */
public record TransportSettings(String bindHost, int udpPort, int tcpPort, int tlsPort, int wsPort, int wssPort,
                                Path tlsCertificate, Path tlsPrivateKey, SipLimits limits, Duration idleTimeout,
                                int maxConnections, int workerThreads, int udpThreads, boolean tlsClientTrustAll,
                                List<String> webSocketProxies) {

    /** Port value that turns a transport off. */
    public static final int DISABLED = -1;
    /** Port value that picks any free port. */
    public static final int ANY_PORT = 0;

    public static final Setting<String> BIND_HOST = Setting.text("TELCRED_SIP_BIND_HOST", "0.0.0.0",
            "address the SIP transports bind");
    public static final Setting<Integer> UDP_PORT = port("TELCRED_SIP_UDP_PORT", 5060,
            "SIP over UDP (0 picks a free port, -1 turns it off)");
    public static final Setting<Integer> TCP_PORT = port("TELCRED_SIP_TCP_PORT", 5060, "SIP over TCP");
    public static final Setting<Integer> TLS_PORT = port("TELCRED_SIP_TLS_PORT", 5061,
            "SIP over TLS, when a certificate and key are set");
    public static final Setting<Integer> WS_PORT = port("TELCRED_SIP_WS_PORT", 5066,
            "SIP over WebSocket (RFC 7118, subprotocol `sip`)");
    public static final Setting<Integer> WSS_PORT = port("TELCRED_SIP_WSS_PORT", 7443,
            "SIP over secure WebSocket, when a certificate and key are set");
    public static final Setting<Optional<Path>> TLS_CERTIFICATE = Setting.file("TELCRED_SIP_TLS_CERTIFICATE",
            "PEM certificate (chain) for TLS and WSS; `telcred tls self-signed` makes a development pair");
    public static final Setting<Optional<Path>> TLS_PRIVATE_KEY = Setting.file("TELCRED_SIP_TLS_PRIVATE_KEY",
            "PEM (PKCS#8) private key of that certificate");
    public static final Setting<Integer> MAX_CONNECTIONS = Setting.integer("TELCRED_SIP_MAX_CONNECTIONS", 10_000, 1,
            1_000_000, "TCP, TLS and WebSocket connections open at once");
    public static final Setting<Integer> UDP_THREADS = Setting.integer("TELCRED_SIP_UDP_THREADS", 0, 0, 256,
            "threads serving the UDP port, each with its own socket on Linux (`SO_REUSEPORT`); `0` = one per processor");
    public static final Setting<Duration> IDLE_TIMEOUT = Setting.seconds("TELCRED_SIP_IDLE_TIMEOUT_SECONDS", 600, 10,
            86_400, "a stream connection silent this long is closed; registrations over TCP and TLS are kept to 90 % "
                    + "of it so that their refresh keeps the connection open (WebSocket clients are pinged instead)");

    public TransportSettings {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        checkPort("udpPort", udpPort);
        checkPort("tcpPort", tcpPort);
        checkPort("tlsPort", tlsPort);
        checkPort("wsPort", wsPort);
        checkPort("wssPort", wssPort);
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a private key, or neither (certificate "
                    + tlsCertificate + ", key " + tlsPrivateKey + ")");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
        }
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
        if (workerThreads < 0) {
            throw new IllegalArgumentException("workerThreads must be 0 (Netty's default) or more: " + workerThreads);
        }
        if (udpThreads < 0) {
            throw new IllegalArgumentException("udpThreads must be 0 (one per processor) or more: " + udpThreads);
        }
        webSocketProxies = List.copyOf(Objects.requireNonNull(webSocketProxies, "webSocketProxies"));
        for (String network : webSocketProxies) {
            Cidr.parse(network);
        }
    }

    /** The settings without the TLS client option: telcred trusts the JDK's trust store when it dials TLS. */
    public TransportSettings(String bindHost, int udpPort, int tcpPort, int tlsPort, int wsPort, int wssPort,
                             Path tlsCertificate, Path tlsPrivateKey, SipLimits limits, Duration idleTimeout,
                             int maxConnections, int workerThreads) {
        this(bindHost, udpPort, tcpPort, tlsPort, wsPort, wssPort, tlsCertificate, tlsPrivateKey, limits, idleTimeout,
                maxConnections, workerThreads, 0, false, List.of());
    }

    /** The settings as configured; the event loops sized by Netty, and TLS dialled against the JDK's trust store. */
    public static TransportSettings from(SettingValues values) {
        return new TransportSettings(values.get(BIND_HOST), values.get(UDP_PORT), values.get(TCP_PORT),
                values.get(TLS_PORT), values.get(WS_PORT), values.get(WSS_PORT), values.get(TLS_CERTIFICATE).orElse(null),
                values.get(TLS_PRIVATE_KEY).orElse(null), SipLimits.from(values), values.get(IDLE_TIMEOUT),
                values.get(MAX_CONNECTIONS), 0, values.get(UDP_THREADS), false, values.get(ForwardedFor.REVERSE_PROXIES));
    }

    /** Every interface, the standard ports (5060 UDP and TCP, 5061 TLS, 5066 WS, 7443 WSS), no TLS certificate. */
    public static TransportSettings defaults() {
        return from(SettingValues.DEFAULTS);
    }

    /** True when a certificate and key are given, so TLS and WSS can start. */
    public boolean tlsConfigured() {
        return tlsCertificate != null;
    }

    public TransportSettings withPorts(int udp, int tcp, int tls, int ws, int wss) {
        return new TransportSettings(bindHost, udp, tcp, tls, ws, wss, tlsCertificate, tlsPrivateKey, limits,
                idleTimeout, maxConnections, workerThreads, udpThreads, tlsClientTrustAll,
                webSocketProxies);
    }

    public TransportSettings withTls(Path certificate, Path privateKey) {
        return new TransportSettings(bindHost, udpPort, tcpPort, tlsPort, wsPort, wssPort, certificate, privateKey,
                limits, idleTimeout, maxConnections, workerThreads, udpThreads, tlsClientTrustAll,
                webSocketProxies);
    }

    public TransportSettings withLimits(SipLimits messageLimits) {
        return new TransportSettings(bindHost, udpPort, tcpPort, tlsPort, wsPort, wssPort, tlsCertificate,
                tlsPrivateKey, messageLimits, idleTimeout, maxConnections, workerThreads, udpThreads, tlsClientTrustAll,
                webSocketProxies);
    }

    public TransportSettings withIdleTimeout(Duration timeout) {
        return new TransportSettings(bindHost, udpPort, tcpPort, tlsPort, wsPort, wssPort, tlsCertificate,
                tlsPrivateKey, limits, timeout, maxConnections, workerThreads, udpThreads, tlsClientTrustAll,
                webSocketProxies);
    }

    public TransportSettings withMaxConnections(int max) {
        return new TransportSettings(bindHost, udpPort, tcpPort, tlsPort, wsPort, wssPort, tlsCertificate,
                tlsPrivateKey, limits, idleTimeout, max, workerThreads, udpThreads, tlsClientTrustAll,
                webSocketProxies);
    }

    public TransportSettings withTlsClientTrustAll(boolean trustAll) {
        return new TransportSettings(bindHost, udpPort, tcpPort, tlsPort, wsPort, wssPort, tlsCertificate,
                tlsPrivateKey, limits, idleTimeout, maxConnections, workerThreads, udpThreads, trustAll,
                webSocketProxies);
    }

    public TransportSettings withUdpThreads(int threads) {
        return new TransportSettings(bindHost, udpPort, tcpPort, tlsPort, wsPort, wssPort, tlsCertificate,
                tlsPrivateKey, limits, idleTimeout, maxConnections, workerThreads, threads, tlsClientTrustAll,
                webSocketProxies);
    }

    /** A port, 0 for any free one, or -1 to turn the transport off. */
    private static Setting<Integer> port(String name, int defaultPort, String description) {
        return Setting.integer(name, defaultPort, DISABLED, 65_535, description);
    }

    private static void checkPort(String name, int port) {
        if (port < DISABLED || port > 65_535) {
            throw new IllegalArgumentException(name + " must be -1 (off), 0 (any free port) or 1-65535: " + port);
        }
    }
}
