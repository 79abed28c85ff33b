package io.telcred.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.Context;
import io.telcred.account.AccountService;
import io.telcred.common.ForwardedFor;
import io.telcred.common.Problem;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Resolves {@code Authorization: Bearer <API key>} to the caller's account. A source address that
 * presents more than {@code maxFailuresPerMinute} bad keys in a minute is answered 429 until the
 * minute has passed, so that guessing is slowed without affecting anyone else. Behind a reverse
 * proxy the source is the client the proxy names ({@link ForwardedFor}), not the proxy.
 */
final class Authentication {

    private static final String ACCOUNT = "telcred.account";
    private static final int RETRY_AFTER_SECONDS = 60;

    private final AccountService accounts;
    private final int maxFailuresPerMinute;
    private final Cache<String, AtomicInteger> failures;
    private final ForwardedFor forwarded;

    Authentication(AccountService accounts, int maxFailuresPerMinute, ForwardedFor forwarded) {
        this.accounts = accounts;
        this.maxFailuresPerMinute = maxFailuresPerMinute;
        this.forwarded = forwarded;
        this.failures = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(Duration.ofSeconds(RETRY_AFTER_SECONDS)).build();
    }

    void authenticate(Context ctx) {
        String source = client(forwarded, ctx);
        AtomicInteger failed = failures.getIfPresent(source);
        if (failed != null && failed.get() >= maxFailuresPerMinute) {
            ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            throw new RequestRefused(429, Problem.TOO_MANY_REQUESTS,
                    "Too many failed authentication attempts from this address; retry later.");
        }
        String key = bearer(ctx.header("Authorization"));
        String accountId = key == null ? null : accounts.authenticate(key).orElse(null);
        if (accountId == null) {
            failures.get(source, s -> new AtomicInteger()).incrementAndGet();
            ctx.header("WWW-Authenticate", "Bearer");
            throw new RequestRefused(401, Problem.AUTHENTICATION_FAILED,
                    key == null ? "An API key is required: send Authorization: Bearer <API key>."
                            : "The API key is not valid.");
        }
        ctx.attribute(ACCOUNT, accountId);
    }

    /** The client's address; the peer's as Jetty reports it when that is not an address literal. */
    static String client(ForwardedFor forwarded, Context ctx) {
        return forwarded.client(ctx.ip(), Collections.list(ctx.req().getHeaders(ForwardedFor.HEADER)));
    }

    static String accountId(Context ctx) {
        String accountId = ctx.attribute(ACCOUNT);
        if (accountId == null) {
            throw new IllegalStateException("route reached without authentication");
        }
        return accountId;
    }

    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String trimmed = header.trim();
        if (trimmed.length() < 7 || !trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = trimmed.substring(7).trim();
        return key.isEmpty() ? null : key;
    }
}
