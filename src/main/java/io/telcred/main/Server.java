package io.telcred.main;

import io.telcred.auth.AuthFailureLimiter;
import io.telcred.auth.AuthFailureSettings;
import io.telcred.auth.DigestSettings;
import io.telcred.auth.LoginAuthenticator;
import io.micrometer.core.instrument.FunctionCounter;
import io.telcred.auth.NonceService;
import io.telcred.common.ForwardedFor;
import io.telcred.common.Readiness;
import io.telcred.common.ReadinessChecks;
import io.telcred.crypto.PemKeyStore;
import io.telcred.http.HttpServices;
import io.telcred.http.HttpSettings;
import io.telcred.http.RestServer;
import io.telcred.location.Transport;
import io.telcred.metrics.MeterNames;
import io.telcred.metrics.Metrics;
import io.telcred.metrics.MetricsSettings;
import io.telcred.portal.PortalDoor;
import io.telcred.portal.PortalSettings;
import io.telcred.portal.PortalServices;
import io.telcred.rtc.RtcDoor;
import io.telcred.rtc.RtcSettings;
import io.telcred.rtpengine.RtpEngineRelay;
import io.telcred.rtpengine.RtpEngineSettings;
import io.telcred.sip.core.SipServer;
import io.telcred.sip.core.SipSettings;
import io.telcred.sip.transport.TransportSettings;
import io.telcred.cluster.ClusterSettings;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running telcred: the platform with its doors open. */
public final class Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);
    private static final int USERNAME_SALT_BYTES = 16;

    private final Platform platform;
    private final RestServer rest;
    private final SipServer sip;
    private final RtcDoor rtc;
    private final Metrics metrics;
    private final GracefulShutdown shutdown;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private Server(Platform platform, RestServer rest, SipServer sip, RtcDoor rtc, Metrics metrics,
                   GracefulShutdown shutdown) {
        this.platform = platform;
        this.rest = rest;
        this.sip = sip;
        this.rtc = rtc;
        this.metrics = metrics;
        this.shutdown = shutdown;
    }

    public static Server start(Config config) {
        return start(config, Clock.systemUTC());
    }

    /** Starts on a given clock: tests move theirs by hand instead of waiting. */
    public static Server start(Config config, Clock clock) {
        MetricsSettings metricsSettings = MetricsSettings.from(config);
        Metrics metrics = metricsSettings.enabled() ? Metrics.prometheus() : Metrics.none();
        Platform platform;
        try {
            platform = Platform.open(config, clock);
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        try {
            platform.countIn(metrics);
            // One limiter for every door that judges passwords: a guesser gains nothing by switching.
            AuthFailureLimiter limiter = limiter(config, platform, clock);
            FunctionCounter.builder(MeterNames.AUTH_BANS, limiter, AuthFailureLimiter::bans)
                    .description("source addresses banned for scanning").register(metrics.registry());
            // SIP first: once /health answers, every door is open.
            SipServer sip = startSip(config, platform, limiter, clock, metrics);
            try {
                platform.cluster().ifPresent(cluster -> cluster.reachableAt(nodeSipAddress(config, sip)));
            } catch (RuntimeException e) {
                sip.close();
                throw e;
            }
            HttpSettings httpSettings = HttpSettings.from(config);
            useMediaRelay(config, platform);
            ForwardedFor forwarded = new ForwardedFor(httpSettings.reverseProxies());
            RtcDoor rtc = new RtcDoor(RtcSettings.from(config), new LoginAuthenticator(platform.directory(), limiter),
                    platform.calls(), platform.location(), platform.events(), forwarded, clock, metrics);
            ReadinessChecks readiness = new ReadinessChecks().add("database", platform.readiness())
                    .add("sip", () -> sip.listening() ? Readiness.OK : "not_listening");
            platform.cluster().ifPresent(cluster -> readiness.add("redis", cluster));
            PortalDoor portal = new PortalDoor(new PortalServices(platform.users(), platform.accounts(),
                    platform.connections(), platform.credentials(), platform.tokens(), platform.location(),
                    platform.turnCredentials()),
                    PortalSettings.from(config), forwarded);
            RestServer rest;
            try {
                rest = new RestServer(new HttpServices(platform.accounts(), platform.connections(),
                        platform.credentials(), platform.tokens(), platform.signingKeys(), platform.location(),
                        readiness, platform.turnCredentials(), platform.callControl(),
                        platform.webhookSigner(), platform.webhookOutbox()), httpSettings, javalin -> {
                            rtc.install(javalin);
                            portal.install(javalin);
                        },
                        httpsIdentity(config), metrics, metricsSettings).start();
            } catch (RuntimeException e) {
                rtc.close();
                sip.close();
                throw StartupRefusals.http(e, httpSettings.host(), httpSettings.port());
            }
            platform.webhookDelivery().start();
            LOG.info("telcred is listening: HTTP on port {}{} (portal at /, WebRTC at /rtc); SIP on UDP {}, TCP {}, TLS {}, WS {}, WSS {}; data in {} ({} database)",
                    rest.port(), rest.httpsPort() > 0 ? ", HTTPS on port " + rest.httpsPort() : "", sip.port(Transport.UDP), sip.port(Transport.TCP), sip.port(Transport.TLS),
                    sip.port(Transport.WS), sip.port(Transport.WSS), config.dataDir().toAbsolutePath(),
                    platform.embeddedDatabase() ? "embedded H2" : "external");
            config.turnSettings().ifPresent(turn -> LOG.info("TURN credentials are issued for {}, each valid {} s",
                    turn.uris(), turn.ttl().toSeconds()));
            readiness.add("http", () -> rest.listening() ? Readiness.OK : "not_listening");
            GracefulShutdown shutdown = new GracefulShutdown(List.of(sipDoor(sip), httpDoor(rest, rtc)), () -> {
                platform.close();
                metrics.close();
            }, config.get(Settings.SHUTDOWN_GRACE), config.get(Settings.SHUTDOWN_RETRY_AFTER),
                    config.get(Settings.SHUTDOWN_MIN_DRAIN));
            readiness.add("shutdown", shutdown.readiness());
            return new Server(platform, rest, sip, rtc, metrics, shutdown);
        } catch (RuntimeException e) {
            platform.close();
            metrics.close();
            throw e;
        }
    }

    private static GracefulShutdown.Door sipDoor(SipServer sip) {
        return new GracefulShutdown.Door(sip::refuseNewRequests, () -> sip.transactionsUnderWay() == 0,
                () -> sip.closeWebSockets(GracefulShutdown.SERVICE_RESTART, GracefulShutdown.SERVICE_RESTART_REASON),
                sip::close);
    }

    /** The HTTP server with what it carries: the REST API, the portal and the WebRTC door. */
    private static GracefulShutdown.Door httpDoor(RestServer rest, RtcDoor rtc) {
        return new GracefulShutdown.Door(rest::refuseNewRequests, () -> rest.requestsInFlight() == 0,
                () -> rtc.closeSockets(GracefulShutdown.SERVICE_RESTART, GracefulShutdown.SERVICE_RESTART_REASON),
                () -> {
                    rest.close();
                    rtc.close();
                });
    }

    /** In a cluster, failures also count with the other nodes, under a user-name salt they share. */
    private static AuthFailureLimiter limiter(Config config, Platform platform, Clock clock) {
        AuthFailureSettings settings = AuthFailureSettings.from(config);
        if (platform.cluster().isEmpty()) {
            return new AuthFailureLimiter(settings, clock);
        }
        AuthFailureLimiter limiter = new AuthFailureLimiter(settings, clock,
                platform.installationSecrets().named("auth-failure-salt", USERNAME_SALT_BYTES),
                platform.cluster().get().sharedFailures(settings, clock));
        platform.events().subscribe(limiter::heard);
        return limiter;
    }

    private static SipServer startSip(Config config, Platform platform, AuthFailureLimiter limiter, Clock clock,
                                      Metrics metrics) {
        SipSettings settings = SipSettings.from(config);
        byte[] nonceSecret = nonceSecret(config, platform);
        try {
            return SipServer.start(settings, platform.directory(), platform.location(), platform.calls(), limiter,
                    nonceSecret, platform.nodeTag(), clock, metrics);
        } catch (RuntimeException e) {
            throw StartupRefusals.sip(e);
        }
    }

    /**
     * Where the other nodes of a cluster pass calls on to this one: the configured host (or the SIP
     * advertised host) as an address, since they route to it without a name lookup, on TCP when it
     * is open, else UDP.
     */
    private static String nodeSipAddress(Config config, SipServer sip) {
        Optional<String> configured = config.get(ClusterSettings.NODE_SIP_ADDRESS);
        String hostAndPort = configured.orElse(SipSettings.from(config).advertisedHost());
        int colon = hostAndPort.lastIndexOf(':');
        boolean withPort = configured.isPresent() && colon > hostAndPort.lastIndexOf(']');
        String host = withPort ? hostAndPort.substring(0, colon) : hostAndPort;
        Transport transport = sip.port(Transport.TCP) > 0 ? Transport.TCP : Transport.UDP;
        int port = withPort ? Integer.parseInt(hostAndPort.substring(colon + 1)) : sip.port(transport);
        InetAddress address;
        try {
            address = InetAddress.getByName(host.replace("[", "").replace("]", ""));
        } catch (UnknownHostException e) {
            throw new Config.ConfigException(ClusterSettings.NODE_SIP_ADDRESS.name(), "cannot resolve '" + host
                    + "', which the other nodes would pass calls to");
        }
        String literal = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return "sip:" + literal + ":" + port + (transport == Transport.TCP ? ";transport=tcp" : "");
    }

    /** The HTTPS port serves the SIP TLS certificate, when one is configured. */
    private static KeyStore httpsIdentity(Config config) {
        TransportSettings transports = TransportSettings.from(config);
        if (transports.tlsCertificate() == null) {
            return null;
        }
        try {
            return PemKeyStore.load(transports.tlsCertificate(), transports.tlsPrivateKey());
        } catch (IllegalStateException e) {
            throw new Config.ConfigException(TransportSettings.TLS_CERTIFICATE.name(), e.getMessage());
        }
    }

    private static void useMediaRelay(Config config, Platform platform) {
        RtpEngineSettings settings = RtpEngineSettings.from(config);
        if (!settings.enabled()) {
            return;
        }
        RtpEngineRelay relay = new RtpEngineRelay(settings);
        platform.calls().useRelay(relay);
        if (!relay.reachable()) {
            LOG.warn("rtpengine at {} does not answer a ping now; calls that need it fail until it does",
                    settings.instances());
        }
    }

    /** The secret digest nonces are signed with, the same on every node: configured, or kept in the database. */
    private static byte[] nonceSecret(Config config, Platform platform) {
        Optional<String> configured = config.get(DigestSettings.NONCE_SECRET);
        if (configured.isPresent()) {
            return StartupRefusals.keyFile(config.dataDir().resolve("sip-nonce.key"), configured, DigestSettings.NONCE_SECRET,
                    NonceService.MIN_SECRET_BYTES);
        }
        return platform.installationSecrets().named("sip-nonce", NonceService.MIN_SECRET_BYTES);
    }

    public Platform platform() {
        return platform;
    }

    public int httpPort() {
        return rest.port();
    }

    public RestServer rest() {
        return rest;
    }

    public SipServer sip() {
        return sip;
    }

    public RtcDoor rtc() {
        return rtc;
    }

    /** The counts {@code /metrics} shows. */
    public Metrics metrics() {
        return metrics;
    }

    /** Stops without losing work taken: see {@link GracefulShutdown}. What SIGTERM does. */
    public void stopGracefully() {
        if (stopped.compareAndSet(false, true)) {
            shutdown.run();
        }
    }

    /** Stops at once: what is under way is cut off. Nothing more happens once stopped, either way. */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        sip.close();
        rest.close();
        rtc.close();
        platform.close();
        metrics.close();
    }
}
