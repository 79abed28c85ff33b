package io.telcred.http;

import static io.javalin.http.HandlerType.GET;

import io.telcred.token.SigningKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Routes that need no API key: the public signing keys, the API description, and a health check. */
final class PublicRoutes {

    static final String OPENAPI_RESOURCE = "/openapi.json";

    private final SigningKeys signingKeys;
    private final String openApi;

    PublicRoutes(SigningKeys signingKeys) {
        this.signingKeys = signingKeys;
        this.openApi = resource(OPENAPI_RESOURCE);
    }

    List<Route> routes() {
        return List.of(
                // Short caching: after a rotation, verifiers see the new key within a minute.
                Route.open(GET, "/.well-known/jwks.json", ctx -> ctx.header("Cache-Control", "public, max-age=60")
                        .contentType("application/json").result(signingKeys.jwksJson())),
                Route.open(GET, "/v2/openapi.json", ctx -> ctx.contentType("application/json").result(openApi)),
                Route.open(GET, "/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}")));
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
