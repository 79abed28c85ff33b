package io.telcred.portal;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.telcred.common.DomainException;
import io.telcred.common.StoreUnavailableException;
import io.telcred.user.PortalUser;
import io.telcred.user.UserService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Puts every portal route behind its checks: a signed-in user (else to the sign-in page), the CSRF
 * token on everything that changes something (else 403, nothing done), the headers that keep the
 * pages from being framed, cached or fed another site's scripts, and errors as pages in words.
 */
final class Guard {

    /** Scripts, styles and media only from this server; the test-call page speaks WebSocket to it. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; media-src 'self' blob:; frame-ancestors 'none'; "
            + "form-action 'self'; base-uri 'none'";

    private final UserService users;
    private final Pages pages;

    Guard(UserService users, Pages pages) {
        this.users = users;
        this.pages = pages;
    }

    /** A page to look at (GET): without a session, the browser goes to sign in and comes back. */
    Handler page(PageHandler handler) {
        return ctx -> {
            secureHeaders(ctx);
            Optional<Visitor> visitor = visitor(ctx);
            if (visitor.isEmpty()) {
                ctx.redirect("/login?next=" + URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8));
                return;
            }
            run(ctx, visitor.get(), handler);
        };
    }

    /** An action (POST, or a script's request): a session and the CSRF token are required, or nothing is done. */
    Handler action(PageHandler handler) {
        return ctx -> {
            secureHeaders(ctx);
            Optional<Visitor> visitor = visitor(ctx);
            if (visitor.isEmpty()) {
                ctx.status(401);
                pages.render(ctx, "error.jte", new Frame("Signed out", "", null, null),
                        new ErrorPage("Your session has ended. Sign in again; nothing was changed."));
                return;
            }
            String presented = Optional.ofNullable(ctx.header(Csrf.HEADER)).orElseGet(() -> ctx.formParam(Csrf.FIELD));
            if (!Csrf.matches(SessionCookie.token(ctx), presented)) {
                ctx.status(403);
                pages.render(ctx, "error.jte", frame(ctx, visitor.get(), "Refused"),
                        new ErrorPage("This form was refused: it did not carry this page's security token. Nothing was "
                                + "changed. Reload the page and try again."));
                return;
            }
            run(ctx, visitor.get(), handler);
        };
    }

    /**
     * A stream a script reads (GET, an EventSource): a session is required, else 401 and nothing
     * more. Not a redirect: the EventSource would follow it and read the sign-in page as events.
     */
    Handler stream(PageHandler handler) {
        return ctx -> {
            secureHeaders(ctx);
            Optional<Visitor> visitor = visitor(ctx);
            if (visitor.isEmpty()) {
                ctx.status(401).contentType("text/plain; charset=utf-8").result("Sign in first.");
                return;
            }
            run(ctx, visitor.get(), handler);
        };
    }

    /**
     * A page in words for a browser that asked for an address nothing serves; the API's paths keep
     * their JSON error, and a page that already answered 404 in words keeps its own.
     */
    void notFound(Context ctx) {
        String type = ctx.res().getContentType();
        if (ctx.path().startsWith("/v2/") || (type != null && type.startsWith("text/html"))) {
            return;
        }
        secureHeaders(ctx);
        pages.render(ctx, "error.jte", new Frame("Not found", "", visitor(ctx).orElse(null), null),
                new ErrorPage("There is no page at this address."));
    }

    /** The headers of every portal answer, the sign-in pages' included. */
    static void secureHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
    }

    /** The frame of a page for this visitor, with the notice the last action left. */
    static Frame frame(Context ctx, Visitor visitor, String title, String section) {
        return new Frame(title, section, visitor, SessionCookie.takeNotice(ctx));
    }

    static Frame frame(Context ctx, Visitor visitor, String title) {
        return frame(ctx, visitor, title, "");
    }

    private Optional<Visitor> visitor(Context ctx) {
        String token = SessionCookie.token(ctx);
        Optional<PortalUser> user = users.userOfSession(token);
        return user.map(u -> new Visitor(u, Csrf.tokenFor(token)));
    }

    private void run(Context ctx, Visitor visitor, PageHandler handler) throws Exception {
        try {
            handler.handle(ctx, visitor);
        } catch (DomainException e) {
            ctx.status(switch (e.problem()) {
                case NOT_FOUND, INVALID_ID -> 404;
                case AUTHORIZATION_FAILED -> 403;
                default -> 422;
            });
            pages.render(ctx, "error.jte", frame(ctx, visitor, "Not done"), new ErrorPage(e.detail()));
        } catch (StoreUnavailableException e) {
            ctx.status(503).header("Retry-After", Long.toString(e.retryAfter().toSeconds()));
            pages.render(ctx, "error.jte", frame(ctx, visitor, "Unavailable"),
                    new ErrorPage("The database cannot be reached now. Nothing was changed; try again in a few seconds."));
        }
    }

    /** The sentence an error page shows. */
    record ErrorPage(String message) {
    }
}
