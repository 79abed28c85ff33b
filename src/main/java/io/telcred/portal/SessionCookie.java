package io.telcred.portal;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;

/**
 * The portal's cookies: the session (HttpOnly, so no script reads it; SameSite=Lax, so no other
 * site's form carries it; Secure when the page came over HTTPS), and a one-time notice shown by
 * the page a form redirects to.
 */
final class SessionCookie {

    static final String SESSION = "telcred_session";
    static final String NOTICE = "telcred_notice";

    private SessionCookie() {
    }

    static String token(Context ctx) {
        return ctx.cookie(SESSION);
    }

    /** @param secure whether the browser reached the portal over HTTPS (directly or through a reverse proxy) */
    static void set(Context ctx, String token, Instant expiresAt, boolean secure) {
        long maxAge = Math.max(0, Duration.between(Instant.now(), expiresAt).toSeconds());
        add(ctx, SESSION + "=" + token + "; Max-Age=" + maxAge, secure);
    }

    static void clear(Context ctx, boolean secure) {
        add(ctx, SESSION + "=; Max-Age=0", secure);
    }

    /** A sentence for the next page to show once; letters, digits and simple punctuation only. */
    static void notice(Context ctx, String sentence) {
        // A comma or a semicolon would end the cookie's value.
        add(ctx, NOTICE + "=" + sentence.replaceAll("[^A-Za-z0-9 .'()-]", "").replace(' ', '_') + "; Max-Age=60",
                ctx.req().isSecure());
    }

    /** The notice left by the last action, and forgets it. */
    static String takeNotice(Context ctx) {
        String notice = ctx.cookie(NOTICE);
        if (notice == null || notice.isEmpty()) {
            return null;
        }
        add(ctx, NOTICE + "=; Max-Age=0", ctx.req().isSecure());
        return notice.replace('_', ' ');
    }

    private static void add(Context ctx, String cookie, boolean secure) {
        ctx.res().addHeader("Set-Cookie", cookie + "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
    }
}
