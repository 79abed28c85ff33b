package io.telcred.portal;

import io.javalin.config.JavalinConfig;
import io.telcred.common.ForwardedFor;

/**
 * The portal: server-rendered pages at {@code /} on the HTTP port, for the users of an account to
 * manage connections, credentials, tokens and API keys, watch who is registered, and place a test
 * call. It drives the same domain services as the REST API, always with the signed-in user's
 * account, and never another door.
 */
public final class PortalDoor {

    private final PortalServices services;
    private final PortalSettings settings;
    private final ForwardedFor forwarded;

    public PortalDoor(PortalServices services, PortalSettings settings, ForwardedFor forwarded) {
        this.services = services;
        this.settings = settings;
        this.forwarded = forwarded;
    }

    public void install(JavalinConfig config) {
        Pages pages = new Pages();
        Guard guard = new Guard(services.users(), pages);
        new Assets().install(config);
        new SignInPages(services.users(), pages, guard, forwarded).install(config);
        config.routes.get("/", guard.page((ctx, visitor) -> ctx.redirect("/connections")));
        new CredentialPages(services.connections(), services.credentials(), services.tokens(), pages, guard).install(config);
        new ConnectionPages(services, pages, guard).install(config);
        new ApiKeyPages(services.accounts(), pages, guard).install(config);
        new UserPages(services.users(), pages, guard).install(config);
        new RegistrationPages(services, settings, pages, guard).install(config);
        new TestCallPage(pages, guard, services.turn()).install(config);
        // A browser that asks for an address nothing serves gets a page, not the API's JSON error.
        config.routes.error(404, "text/html", guard::notFound);
    }
}
