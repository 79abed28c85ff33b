package io.telcred.http;

import static io.javalin.http.HandlerType.GET;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.telcred.common.Readiness;
import io.telcred.json.Json;
import io.telcred.token.SigningKeys;
import io.telcred.webhook.WebhookSigner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Routes that need no API key: the public signing keys (tokens' and webhooks'), the API description, and the checks a load
 * balancer or an orchestrator makes: {@code /health} (the process answers: restart it if not) and
 * {@code /ready} (it can serve requests now: send it traffic or not).
 */
final class PublicRoutes {

    static final String OPENAPI_RESOURCE = "/openapi.json";

    private final SigningKeys signingKeys;
    private final Readiness readiness;
    private final String openApi;
    private final String webhookKeyJson;

    PublicRoutes(SigningKeys signingKeys, WebhookSigner webhookSigner, Readiness readiness) {
        this.signingKeys = signingKeys;
        this.webhookKeyJson = Json.write(Json.MAPPER.createObjectNode().put("public_key", webhookSigner.publicKey())
                .put("algorithm", "Ed25519"));
        this.readiness = readiness;
        this.openApi = resource(OPENAPI_RESOURCE);
    }

    List<Route> routes() {
        return List.of(
                // Short caching: after a rotation, verifiers see the new key within a minute.
                Route.open(GET, "/.well-known/jwks.json", ctx -> ctx.header("Cache-Control", "public, max-age=60")
                        .contentType("application/json").result(signingKeys.jwksJson())),
                // The installation's key never changes, so a verifier may keep it.
                Route.open(GET, "/.well-known/telcred/webhook-signing-key", ctx -> ctx.header("Cache-Control",
                        "public, max-age=3600").contentType("application/json").result(webhookKeyJson)),
                Route.open(GET, "/v2/openapi.json", ctx -> ctx.contentType("application/json").result(openApi)),
                Route.open(GET, "/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}")),
                Route.open(GET, "/ready", this::ready));
    }

    private void ready(Context ctx) {
        Map<String, String> notReady = readiness.notReady();
        if (notReady.isEmpty()) {
            ctx.contentType("application/json").result("{\"status\":\"ready\"}");
            return;
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("status", "not_ready");
        ObjectNode checks = body.putObject("checks");
        notReady.forEach(checks::put);
        ctx.status(503).contentType("application/json")
                .result(Json.write(body));
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
