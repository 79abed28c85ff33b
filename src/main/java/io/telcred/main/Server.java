package io.telcred.main;

import io.telcred.http.HttpServices;
import io.telcred.http.HttpSettings;
import io.telcred.http.RestServer;
import io.telcred.location.Transport;
import io.telcred.sip.core.SipServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running telcred: the platform with its doors open. */
public final class Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final Platform platform;
    private final RestServer rest;
    private final SipServer sip;

    private Server(Platform platform, RestServer rest, SipServer sip) {
        this.platform = platform;
        this.rest = rest;
        this.sip = sip;
    }

    public static Server start(Config config) {
        Platform platform = Platform.open(config);
        try {
            // SIP first: once /health answers, every door is open.
            SipServer sip = SipDoor.start(config, platform);
            RestServer rest;
            try {
                HttpSettings http = new HttpSettings(config.string("TELCRED_HTTP_HOST"), config.integer("TELCRED_HTTP_PORT", 0, 65535),
                        config.integer("TELCRED_HTTP_MAX_BODY_BYTES", 1024, 64 * 1024 * 1024),
                        config.integer("TELCRED_HTTP_MAX_PAGE_SIZE", 1, 10_000),
                        config.integer("TELCRED_API_AUTH_FAILURES_PER_MINUTE", 1, 1_000_000),
                        config.integer("TELCRED_HTTP_MAX_THREADS", 8, 10_000), config.networks("TELCRED_REVERSE_PROXIES"));
                rest = new RestServer(new HttpServices(platform.accounts(), platform.connections(),
                        platform.credentials(), platform.tokens(), platform.signingKeys(), platform.location()), http).start();
            } catch (RuntimeException e) {
                sip.close();
                throw e;
            }
            LOG.info("telcred is listening: HTTP on port {}; SIP on UDP {}, TCP {}, TLS {}, WS {}, WSS {}; data in {} ({} database)",
                    rest.port(), sip.port(Transport.UDP), sip.port(Transport.TCP), sip.port(Transport.TLS),
                    sip.port(Transport.WS), sip.port(Transport.WSS), config.dataDir().toAbsolutePath(),
                    platform.embeddedDatabase() ? "embedded H2" : "external");
            return new Server(platform, rest, sip);
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
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

    @Override
    public void close() {
        sip.close();
        rest.close();
        platform.close();
    }
}
