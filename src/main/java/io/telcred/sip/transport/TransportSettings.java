package io.telcred.sip.transport;

import io.telcred.common.Cidr;
import io.telcred.sip.message.SipLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

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

    public static final int DEFAULT_SIP_PORT = 5060;
    public static final int DEFAULT_TLS_PORT = 5061;
    public static final int DEFAULT_WS_PORT = 5066;
    public static final int DEFAULT_WSS_PORT = 7443;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

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

    /** Every interface, the standard ports (5060 UDP and TCP, 5061 TLS, 5066 WS, 7443 WSS), no TLS certificate. */
    public static TransportSettings defaults() {
        return new TransportSettings("0.0.0.0", DEFAULT_SIP_PORT, DEFAULT_SIP_PORT, DEFAULT_TLS_PORT, DEFAULT_WS_PORT,
                DEFAULT_WSS_PORT, null, null, SipLimits.DEFAULT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, 0);
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

    public TransportSettings withWebSocketProxies(List<String> proxies) {
        return new TransportSettings(bindHost, udpPort, tcpPort, tlsPort, wsPort, wssPort, tlsCertificate,
                tlsPrivateKey, limits, idleTimeout, maxConnections, workerThreads, udpThreads, tlsClientTrustAll, proxies);
    }

    private static void checkPort(String name, int port) {
        if (port < DISABLED || port > 65_535) {
            throw new IllegalArgumentException(name + " must be -1 (off), 0 (any free port) or 1-65535: " + port);
        }
    }
}
