package io.telcred.portal;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.telcred.common.Cidr;
import io.telcred.common.DomainException;
import io.telcred.common.ForwardedFor;
import io.telcred.crypto.RandomStrings;
import io.telcred.user.Invite;
import io.telcred.user.SignInResult;
import io.telcred.user.UserService;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;

/**
 * Signing in and out, and accepting an invitation. Before there is a session, the forms are
 * protected by a double-submitted token: a cookie of this site and the same value in the form,
 * which another site can neither read nor set.
 */
final class SignInPages {

    private static final String FORM_COOKIE = "telcred_signin";
    /** The longest a slowed answer is held: the limiter's delay, bounded so a thread is not held for long. */
    private static final Duration MAX_DELAY = Duration.ofSeconds(5);

    private final UserService users;
    private final Pages pages;
    private final Guard guard;
    private final ForwardedFor forwarded;

    SignInPages(UserService users, Pages pages, Guard guard, ForwardedFor forwarded) {
        this.users = users;
        this.pages = pages;
        this.guard = guard;
        this.forwarded = forwarded;
    }

    void install(JavalinConfig config) {
        config.routes.get("/login", this::signInForm);
        config.routes.post("/login", this::signIn);
        config.routes.post("/logout", guard.action((ctx, visitor) -> {
            users.signOut(SessionCookie.token(ctx));
            SessionCookie.clear(ctx, secure(ctx));
            ctx.redirect("/login");
        }));
        config.routes.get("/invite/{token}", this::inviteForm);
        config.routes.post("/invite/{token}", this::acceptInvite);
    }

    private void signInForm(Context ctx) {
        Guard.secureHeaders(ctx);
        if (users.userOfSession(SessionCookie.token(ctx)).isPresent()) {
            ctx.redirect(next(ctx));
            return;
        }
        showSignIn(ctx, "", null);
    }

    private void signIn(Context ctx) throws InterruptedException {
        Guard.secureHeaders(ctx);
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("");
        if (!formTokenMatches(ctx)) {
            ctx.status(403);
            showSignIn(ctx, email, "The form had expired. Please sign in again.");
            return;
        }
        SignInResult result = users.signIn(email, ctx.formParam("password"), address(ctx));
        if (result instanceof SignInResult.SignedIn signedIn) {
            SessionCookie.set(ctx, signedIn.token(), signedIn.expiresAt(), secure(ctx));
            ctx.redirect(next(ctx));
        } else if (result instanceof SignInResult.Refused refused) {
            Thread.sleep(Math.min(refused.delay().toMillis(), MAX_DELAY.toMillis()));
            ctx.status(401);
            showSignIn(ctx, email, "The e-mail address or the password is not right.");
        } else if (result instanceof SignInResult.Locked locked) {
            long minutes = Math.max(1, (locked.retryAfter().toSeconds() + 59) / 60);
            ctx.status(429).header("Retry-After", Long.toString(locked.retryAfter().toSeconds()));
            showSignIn(ctx, email, "Too many failed sign-ins. Try again in " + minutes
                    + (minutes == 1 ? " minute." : " minutes."));
        }
    }

    private void inviteForm(Context ctx) {
        Guard.secureHeaders(ctx);
        Optional<Invite> invite = users.invitation(ctx.pathParam("token"));
        if (invite.isEmpty()) {
            ctx.status(404);
            pages.render(ctx, "error.jte", new Frame("Invitation", "", null, null), new Guard.ErrorPage(
                    "This invitation is not valid: it was used, withdrawn or has expired. Ask an owner of the account for a new one."));
            return;
        }
        showInvite(ctx, invite.get(), null);
    }

    private void acceptInvite(Context ctx) {
        Guard.secureHeaders(ctx);
        String token = ctx.pathParam("token");
        Optional<Invite> invite = users.invitation(token);
        if (invite.isEmpty() || !formTokenMatches(ctx)) {
            inviteForm(ctx);
            return;
        }
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        if (!password.equals(ctx.formParam("confirm"))) {
            ctx.status(422);
            showInvite(ctx, invite.get(), "The two passwords are not the same.");
            return;
        }
        try {
            users.acceptInvite(token, password);
        } catch (DomainException e) {
            ctx.status(422);
            showInvite(ctx, invite.get(), e.detail());
            return;
        }
        SessionCookie.notice(ctx, "Your user is ready. Sign in with your e-mail address and new password.");
        ctx.redirect("/login");
    }

    private void showSignIn(Context ctx, String email, String error) {
        pages.render(ctx, "signin.jte", new Frame("Sign in", "", null, SessionCookie.takeNotice(ctx)),
                new SignInForm(email, error, newFormToken(ctx), next(ctx)));
    }

    private void showInvite(Context ctx, Invite invite, String error) {
        pages.render(ctx, "invite.jte", new Frame("Join telcred", "", null, null),
                new InviteForm(invite.email(), invite.role().label(), error, newFormToken(ctx)));
    }

    private String newFormToken(Context ctx) {
        String token = RandomStrings.alphanumeric(32);
        ctx.res().addHeader("Set-Cookie", FORM_COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict"
                + (secure(ctx) ? "; Secure" : ""));
        return token;
    }

    private static boolean formTokenMatches(Context ctx) {
        String cookie = ctx.cookie(FORM_COOKIE);
        String field = ctx.formParam(Csrf.FIELD);
        return cookie != null && field != null && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8),
                field.getBytes(StandardCharsets.UTF_8));
    }

    /** Where to go after signing in: a path of this site only, never another site. */
    private static String next(Context ctx) {
        String next = Optional.ofNullable(ctx.formParam("next")).orElseGet(() -> ctx.queryParam("next"));
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\") || next.startsWith("/login")) {
            return "/";
        }
        return next;
    }

    /** Whether the browser came over HTTPS: to this server, or to a reverse proxy that says so. */
    private boolean secure(Context ctx) {
        if (ctx.req().isSecure()) {
            return true;
        }
        InetAddress peer = Cidr.address(ctx.ip());
        return peer != null && forwarded.isProxy(peer) && "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    private String address(Context ctx) {
        return forwarded.client(ctx.ip(), Collections.list(ctx.req().getHeaders(ForwardedFor.HEADER)));
    }

    record SignInForm(String email, String error, String formToken, String next) {
    }

    record InviteForm(String email, String role, String error, String formToken) {
    }
}
