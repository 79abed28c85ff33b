package io.telcred.portal;

import io.javalin.config.JavalinConfig;

/**
 * A test call from the browser: log in as a credential (its password or a login token) and call
 * another one, over the same {@code /rtc} protocol as the WebRTC SDKs. The page is static; its
 * scripts ({@code rtc-client.js}, {@code test-call.js}) speak to the gateway themselves, so the
 * portal learns no credential's password.
 */
final class TestCallPage {

    private final Pages pages;
    private final Guard guard;

    TestCallPage(Pages pages, Guard guard) {
        this.pages = pages;
        this.guard = guard;
    }

    void install(JavalinConfig config) {
        config.routes.get("/test-call", guard.page((ctx, visitor) ->
                pages.render(ctx, "test-call.jte", Guard.frame(ctx, visitor, "Test call", "test-call"))));
    }
}
