package io.telcred.main;

import io.telcred.crypto.KeyFile;
import io.telcred.sip.auth.AuthFailureSettings;
import io.telcred.sip.core.SipServer;
import io.telcred.sip.core.SipSettings;
import io.telcred.sip.message.SipLimits;
import io.telcred.sip.transport.TransportSettings;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/** Reads the SIP settings and starts the SIP door on the platform's directory and location. */
final class SipDoor {

    private SipDoor() {
    }

    static SipServer start(Config config, Platform platform) {
        String bindHost = config.string("TELCRED_SIP_BIND_HOST");
        Duration idleTimeout = config.seconds("TELCRED_SIP_IDLE_TIMEOUT_SECONDS", 10, 86_400);
        SipSettings settings = new SipSettings(config.string("TELCRED_SIP_DOMAIN"), advertisedHost(config, bindHost),
                config.integer("TELCRED_SIP_MIN_EXPIRES", 1, 86_400), config.integer("TELCRED_SIP_MAX_EXPIRES", 1, 604_800),
                config.integer("TELCRED_SIP_DEFAULT_EXPIRES", 1, 604_800),
                config.integer("TELCRED_SIP_MAX_BINDINGS_PER_USER", 1, 1_000),
                config.seconds("TELCRED_SIP_NONCE_LIFETIME_SECONDS", 10, 86_400),
                config.integer("TELCRED_SIP_MAX_TRACKED_NONCES", 1_000, 100_000_000), Duration.ofMinutes(3),
                authFailures(config), Duration.ofMillis(config.integer("TELCRED_SIP_TIMER_T1_MS", 10, 10_000)),
                digestAlgorithms(config), idleTimeout);
        TransportSettings transports = new TransportSettings(bindHost, port(config, "TELCRED_SIP_UDP_PORT"),
                port(config, "TELCRED_SIP_TCP_PORT"), port(config, "TELCRED_SIP_TLS_PORT"), port(config, "TELCRED_SIP_WS_PORT"),
                port(config, "TELCRED_SIP_WSS_PORT"), path(config, "TELCRED_SIP_TLS_CERTIFICATE"),
                path(config, "TELCRED_SIP_TLS_PRIVATE_KEY"),
                new SipLimits(config.integer("TELCRED_SIP_MAX_MESSAGE_BYTES", 1_024, 1_048_576),
                        config.integer("TELCRED_SIP_MAX_HEADERS", 16, 10_000),
                        config.integer("TELCRED_SIP_MAX_LINE_LENGTH", 256, 1_048_576)),
                idleTimeout, config.integer("TELCRED_SIP_MAX_CONNECTIONS", 1, 1_000_000), 0,
                config.integer("TELCRED_SIP_UDP_THREADS", 0, 256), false, config.networks("TELCRED_REVERSE_PROXIES"));
        byte[] nonceSecret = KeyFile.load(config.dataDir().resolve("sip-nonce.key"), config.string("TELCRED_SIP_NONCE_SECRET"),
                "TELCRED_SIP_NONCE_SECRET", 32);
        return SipServer.start(settings, transports, platform.directory(), platform.location(), nonceSecret, Clock.systemUTC());
    }

    private static AuthFailureSettings authFailures(Config config) {
        List<String> cidrs = config.networks("TELCRED_SIP_TRUSTED_ADDRESSES");
        return new AuthFailureSettings(config.integer("TELCRED_SIP_AUTH_SLOW_AFTER", 1, AuthFailureSettings.MAX_THRESHOLD),
                Duration.ofMillis(config.integer("TELCRED_SIP_AUTH_SLOW_DELAY_MS", 0, 30_000)),
                config.integer("TELCRED_SIP_AUTH_BAN_AFTER", 1, AuthFailureSettings.MAX_THRESHOLD),
                config.integer("TELCRED_SIP_AUTH_BAN_USERNAMES", 1, AuthFailureSettings.MAX_THRESHOLD),
                config.seconds("TELCRED_SIP_AUTH_WINDOW_SECONDS", 1, 86_400),
                config.seconds("TELCRED_SIP_AUTH_BAN_SECONDS", 1, 30 * 86_400), cidrs,
                AuthFailureSettings.defaults().maxTrackedSources());
    }

    private static List<String> digestAlgorithms(Config config) {
        List<String> algorithms = Arrays.stream(config.string("TELCRED_SIP_DIGEST_ALGORITHMS").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (algorithms.isEmpty() || !List.of("SHA-256", "MD5").containsAll(algorithms) || algorithms.size() != Set.copyOf(algorithms).size()) {
            throw new Config.ConfigException("TELCRED_SIP_DIGEST_ALGORITHMS must list SHA-256 and/or MD5, comma-separated");
        }
        return algorithms;
    }

    /** A port, 0 for any free one, or -1 to turn the transport off. */
    private static int port(Config config, String key) {
        return config.integer(key, -1, 65_535);
    }

    private static Path path(Config config, String key) {
        return config.isSet(key) ? Path.of(config.string(key)) : null;
    }

    /** The configured host, else the bound address, else this machine's first non-loopback IPv4 address. */
    static String advertisedHost(Config config, String bindHost) {
        if (config.isSet("TELCRED_SIP_ADVERTISED_HOST")) {
            return config.string("TELCRED_SIP_ADVERTISED_HOST");
        }
        if (!bindHost.equals("0.0.0.0") && !bindHost.equals("::")) {
            return bindHost;
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to loopback
        }
        return "127.0.0.1";
    }
}
