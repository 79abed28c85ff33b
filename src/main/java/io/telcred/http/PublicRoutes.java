package io.telcred.http;

import static io.javalin.http.HandlerType.GET;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.telcred.common.Cidr;
import io.telcred.common.ForwardedFor;
import io.telcred.common.Problem;
import io.telcred.common.ReadinessChecks;
import io.telcred.json.Json;
import io.telcred.metrics.Metrics;
import io.telcred.metrics.MetricsSettings;
import io.telcred.token.SigningKeys;
import io.telcred.webhook.WebhookSigner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Routes that need no API key: the public signing keys (tokens' and webhooks'), the API description, the checks a load
 * balancer or an orchestrator makes: {@code /health} (the process answers: restart it if not) and
 * {@code /ready} (it can serve requests now: send it traffic or not, with each check's state), and
 * {@code /metrics} for Prometheus, unless switched off or kept to some networks.
 */
final class PublicRoutes {

    static final String OPENAPI_RESOURCE = "/openapi.json";
    static final String METRICS_PATH = "/metrics";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final SigningKeys signingKeys;
    private final ReadinessChecks readiness;
    private final String openApi;
    private final String webhookKeyJson;
    private final Metrics metrics;
    private final MetricsSettings metricsSettings;
    private final ForwardedFor forwarded;

    PublicRoutes(SigningKeys signingKeys, WebhookSigner webhookSigner, ReadinessChecks readiness, Metrics metrics,
                 MetricsSettings metricsSettings, ForwardedFor forwarded) {
        this.signingKeys = signingKeys;
        this.webhookKeyJson = Json.write(Json.MAPPER.createObjectNode().put("public_key", webhookSigner.publicKey())
                .put("algorithm", "Ed25519"));
        this.readiness = readiness;
        this.openApi = resource(OPENAPI_RESOURCE);
        this.metrics = metrics;
        this.metricsSettings = metricsSettings;
        this.forwarded = forwarded;
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>(List.of(
                // Short caching: after a rotation, verifiers see the new key within a minute.
                Route.open(GET, "/.well-known/jwks.json", ctx -> ctx.header("Cache-Control", "public, max-age=60")
                        .contentType("application/json").result(signingKeys.jwksJson())),
                // The installation's key never changes, so a verifier may keep it.
                Route.open(GET, "/.well-known/telcred/webhook-signing-key", ctx -> ctx.header("Cache-Control",
                        "public, max-age=3600").contentType("application/json").result(webhookKeyJson)),
                Route.open(GET, "/v2/openapi.json", ctx -> ctx.contentType("application/json").result(openApi)),
                Route.open(GET, "/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}")),
                Route.open(GET, "/ready", this::ready)));
        if (metricsSettings.enabled()) {
            routes.add(Route.open(GET, METRICS_PATH, this::metrics));
        }
        return List.copyOf(routes);
    }

    private void ready(Context ctx) {
        Map<String, String> states = readiness.states();
        boolean ready = ReadinessChecks.ready(states);
        ObjectNode body = Json.MAPPER.createObjectNode().put("status", ready ? "ready" : "not_ready");
        ObjectNode checks = body.putObject("checks");
        states.forEach(checks::put);
        ctx.status(ready ? 200 : 503).contentType("application/json").result(Json.write(body));
    }

    private void metrics(Context ctx) {
        InetAddress client = Cidr.address(Authentication.client(forwarded, ctx));
        if (client == null || !metricsSettings.allows(client)) {
            ApiErrors.write(ctx, 403, Problem.AUTHORIZATION_FAILED, "Metrics are not served to this address.");
            return;
        }
        ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape().orElse(""));
    }

    static String resource(String name) {
        try (InputStream in = PublicRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
