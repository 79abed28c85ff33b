package io.telcred.portal;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.telcred.account.AccountService;
import io.telcred.account.ApiKey;
import io.telcred.account.IssuedApiKey;
import io.telcred.common.DomainException;
import java.util.List;
import java.util.Optional;

/** API keys of the account: create one (shown once), list them, revoke one. */
final class ApiKeyPages {

    private static final int MAX_DESCRIPTION = 255;

    private final AccountService accounts;
    private final Pages pages;
    private final Guard guard;

    ApiKeyPages(AccountService accounts, Pages pages, Guard guard) {
        this.accounts = accounts;
        this.pages = pages;
        this.guard = guard;
    }

    void install(JavalinConfig config) {
        config.routes.get("/api-keys", guard.page((ctx, visitor) -> show(ctx, visitor, null, null)));
        config.routes.post("/api-keys", guard.action(this::create));
        config.routes.post("/api-keys/{id}/revoke", guard.action(this::revoke));
    }

    private void create(Context ctx, Visitor visitor) {
        String description = Optional.ofNullable(ctx.formParam("description")).orElse("").strip();
        if (description.length() > MAX_DESCRIPTION) {
            ctx.status(422);
            show(ctx, visitor, null, "The description can be at most " + MAX_DESCRIPTION + " characters long.");
            return;
        }
        IssuedApiKey issued = accounts.createApiKey(visitor.accountId(), description);
        ctx.status(201);
        show(ctx, visitor, issued.plaintext(), null);
    }

    private void revoke(Context ctx, Visitor visitor) {
        if (!accounts.revokeApiKey(visitor.accountId(), ctx.pathParam("id"))) {
            throw DomainException.notFound("No such API key, or it was already revoked.");
        }
        SessionCookie.notice(ctx, "API key revoked. Requests with it are refused from now on.");
        ctx.redirect("/api-keys");
    }

    private void show(Context ctx, Visitor visitor, String newKey, String error) {
        List<ApiKey> keys = accounts.apiKeys(visitor.accountId());
        pages.render(ctx, "api-keys.jte", Guard.frame(ctx, visitor, "API keys", "api-keys"), new ApiKeysPage(keys, newKey, error));
    }

    /** @param newKey the key just created, shown this once; null otherwise */
    record ApiKeysPage(List<ApiKey> keys, String newKey, String error) {
    }
}
