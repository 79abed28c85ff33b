package io.telcred.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Gauge;
import io.telcred.metrics.MeterNames;
import io.telcred.metrics.Metrics;
import io.telcred.metrics.MetricsSettings;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import io.telcred.crypto.PemKeyStore;
import java.security.KeyStore;
import io.telcred.common.DomainException;
import io.telcred.common.ForwardedFor;
import io.telcred.common.Ids;
import io.telcred.common.Problem;
import io.telcred.common.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP door: the /v2 REST API, the JWKS and the OpenAPI document on one Javalin server.
 * Every failure leaves as the error envelope; nothing from SQL or a stack trace reaches a client
 * (an unexpected error is logged under a reference the client is given).
 */
public final class RestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

    /** Answered while the server drains, so that a load balancer can still ask and a scraper still count. */
    private static final Set<String> ANSWERED_WHILE_DRAINING = Set.of("/health", "/ready", PublicRoutes.METRICS_PATH);

    private final Javalin app;
    private final List<Route> routes;
    private final RequestTracking tracking = new RequestTracking();
    /** While the server drains before it stops: the Retry-After of the 503 new requests get; null before. */
    private volatile Duration refusingNewRequests;

    /**
     * @param endpoints   what else the server carries (the WebRTC door's WebSocket), added as it is configured
     * @param tlsIdentity the certificate and key of the HTTPS port, or null for none
     */
    public RestServer(HttpServices services, HttpSettings settings, Consumer<JavalinConfig> endpoints, KeyStore tlsIdentity,
                      Metrics metrics, MetricsSettings metricsSettings) {
        ForwardedFor forwarded = new ForwardedFor(settings.reverseProxies());
        this.routes = concat(List.of(
                new ConnectionRoutes(services.connections(), services.location(), settings.maxPageSize()).routes(),
                new CredentialRoutes(services.credentials(), services.tokens(), settings.maxPageSize()).routes(),
                new RegistrationRoutes(services.location(), settings.maxPageSize()).routes(),
                new TurnRoutes(services.turnCredentials()).routes(),
                new CallRoutes(services.callControl(), settings.maxPageSize()).routes(),
                new WebhookRoutes(services.webhookOutbox(), settings.maxPageSize()).routes(),
                new PublicRoutes(services.signingKeys(), services.webhookSigner(), services.readiness(), metrics,
                        metricsSettings, forwarded).routes()));
        Authentication authentication = new Authentication(services.accounts(), settings.authFailuresPerMinute(),
                forwarded);
        RequestMetrics requestMetrics = new RequestMetrics(metrics);
        Gauge.builder(MeterNames.HTTP_ACTIVE, tracking, RequestTracking::inFlight).description("HTTP requests being handled")
                .register(metrics.registry());
        ActiveRequests active = new ActiveRequests(settings.maxActiveRequests(), settings.maxQueueWait(),
                settings.busyRetryAfter());
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.jetty.threadPool = new QueuedThreadPool(settings.maxThreads(), Math.min(8, settings.maxThreads()));
            // Connectors of our own replace Javalin's default one: the plain HTTP port first, then HTTPS.
            config.jetty.addConnector((server, http) -> httpConnector(server, http, settings));
            if (tlsIdentity != null) {
                config.jetty.addConnector((server, http) -> httpsConnector(server, http, tlsIdentity, settings));
            }
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(2_000);
                server.setErrorHandler(new JsonErrorHandler());
            });
            config.jetty.modifyServletContextHandler(handler -> handler.addFilter(new FilterHolder(tracking), "/*",
                    EnumSet.of(DispatcherType.REQUEST)));
            config.requestLogger.http(requestMetrics::handled);
            config.routes.before(this::refuseWhileDraining);
            for (Route route : routes) {
                // Only the API's routes wait their turn: /health, /ready and the JWKS answer at once.
                // The body is read before the turn is taken, so that a slow sender holds no place.
                config.routes.addHttpHandler(route.method(), route.path(), route.authenticated() ? ctx -> {
                    ctx.bodyAsBytes();
                    active.run(() -> {
                        authentication.authenticate(ctx);
                        route.handler().handle(ctx);
                    });
                } : route.handler());
            }
            endpoints.accept(config);
            config.routes.exception(DomainException.class, (e, ctx) -> ApiErrors.write(ctx, e));
            config.routes.exception(RequestRefused.class, (e, ctx) -> ApiErrors.write(ctx, e));
            config.routes.exception(StoreUnavailableException.class, (e, ctx) -> ApiErrors.write(ctx, e));
            config.routes.exception(HttpResponseException.class, RestServer::frameworkRefusal);
            config.routes.exception(Exception.class, RestServer::unexpected);
        });
    }

    /**
     * The first step of a graceful stop: from now on a new request is answered 503 with
     * {@code retryAfter} (but {@code /health}, {@code /ready} and {@code /metrics}), while those in
     * flight go on.
     */
    public void refuseNewRequests(Duration retryAfter) {
        this.refusingNewRequests = retryAfter;
    }

    /** Whether the server is started and not yet stopped. */
    public boolean listening() {
        return app.jettyServer().server().isStarted();
    }

    /** HTTP requests being handled now (WebSockets, once upgraded, are not requests). */
    public int requestsInFlight() {
        return tracking.inFlight();
    }

    private void refuseWhileDraining(Context ctx) {
        Duration refusing = refusingNewRequests;
        if (refusing != null && !ANSWERED_WHILE_DRAINING.contains(ctx.path())) {
            long seconds = Math.max(1, refusing.toSeconds());
            throw RequestRefused.retryLater(Problem.UNAVAILABLE, "The server is restarting; retry after " + seconds + " s.",
                    seconds);
        }
    }

    public RestServer start() {
        app.start();
        return this;
    }

    /** The port the server listens on (the real one when started on port 0). */
    public int port() {
        return app.port();
    }

    /** The HTTPS port (the real one when started on port 0), or -1 when there is none. */
    public int httpsPort() {
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof ServerConnector server && server.getConnectionFactory(SslConnectionFactory.class) != null) {
                return server.getLocalPort();
            }
        }
        return -1;
    }

    public List<Route> routes() {
        return routes;
    }

    @Override
    public void close() {
        app.stop();
    }

    private static Connector httpConnector(Server server, HttpConfiguration http, HttpSettings settings) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setAcceptQueueSize(settings.acceptQueue());
        return connector;
    }

    private static Connector httpsConnector(Server server, HttpConfiguration http, KeyStore identity, HttpSettings settings) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(identity);
        tls.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration https = new HttpConfiguration(http);
        // Clients reach a development certificate by IP address: no SNI host check.
        https.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(settings.host());
        connector.setPort(settings.httpsPort());
        connector.setAcceptQueueSize(settings.acceptQueue());
        return connector;
    }

    private static void frameworkRefusal(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        if (status == 404) {
            ApiErrors.write(ctx, 404, Problem.NOT_FOUND, "There is no route " + ctx.method() + " " + ctx.path() + ".");
        } else if (status == 405) {
            ApiErrors.write(ctx, 405, Problem.INVALID_VALUE, "The method " + ctx.method() + " is not allowed on " + ctx.path() + ".");
        } else if (status == 413) {
            ApiErrors.write(ctx, 413, Problem.INVALID_VALUE, "The request body is larger than this server accepts.");
        } else if (status >= 500) {
            unexpected(e, ctx);
        } else {
            ApiErrors.write(ctx, status, Problem.INVALID_VALUE, "The request cannot be handled (HTTP " + status + ").");
        }
    }

    private static void unexpected(Exception e, Context ctx) {
        StoreUnavailableException unavailable = StoreUnavailableException.in(e);
        if (unavailable != null) {
            // Arrives wrapped when the store was reached through a cache's future.
            ApiErrors.write(ctx, unavailable);
            return;
        }
        String reference = Ids.uuid();
        LOG.error("unexpected error {} on {} {}", reference, ctx.method(), ctx.path(), e);
        ApiErrors.write(ctx, 500, Problem.UNEXPECTED, "An unexpected error occurred; reference " + reference + ".");
    }

    static List<Route> concat(List<List<Route>> groups) {
        List<Route> all = new ArrayList<>();
        groups.forEach(all::addAll);
        return List.copyOf(all);
    }
}
