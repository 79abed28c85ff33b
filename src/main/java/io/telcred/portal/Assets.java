package io.telcred.portal;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The portal's style sheet, scripts and icons, from the jar ({@code /portal/static}): a fixed list
 * read once at start, so nothing else on the class path can be asked for, and the portal needs
 * nothing from another site (it works offline).
 */
final class Assets {

    private static final Map<String, String> TYPES = Map.of(
            "portal.css", "text/css; charset=utf-8",
            "portal.js", "text/javascript; charset=utf-8",
            "connections.js", "text/javascript; charset=utf-8",
            "credentials.js", "text/javascript; charset=utf-8",
            "registrations.js", "text/javascript; charset=utf-8",
            "rtc-client.js", "text/javascript; charset=utf-8",
            "test-call.js", "text/javascript; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Map<String, byte[]> files;

    Assets() {
        this.files = TYPES.keySet().stream().filter(name -> Assets.class.getResource("/portal/static/" + name) != null)
                .collect(java.util.stream.Collectors.toUnmodifiableMap(name -> name, Assets::read));
    }

    void install(JavalinConfig config) {
        config.routes.get("/static/{file}", this::serve);
        config.routes.get("/favicon.ico", ctx -> ctx.redirect("/static/favicon.svg"));
    }

    private void serve(Context ctx) {
        String name = ctx.pathParam("file");
        byte[] body = files.get(name);
        if (body == null) {
            ctx.status(404).contentType("text/plain").result("Not found");
            return;
        }
        ctx.header("X-Content-Type-Options", "nosniff");
        // Short: a new version of the portal is picked up within minutes without cache-busting names.
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.contentType(TYPES.get(name)).result(body);
    }

    private static byte[] read(String name) {
        try (InputStream in = Assets.class.getResourceAsStream("/portal/static/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
