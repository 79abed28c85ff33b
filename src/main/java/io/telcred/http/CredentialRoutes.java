package io.telcred.http;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;

import io.javalin.http.Context;
import io.telcred.common.Ids;
import io.telcred.credential.CredentialQuery;
import io.telcred.credential.CredentialService;
import io.telcred.credential.CredentialStatus;
import io.telcred.credential.CredentialTokens;
import java.util.List;

/** {@code /v2/telephony_credentials}: on-demand credentials, their tags and their login tokens. */
final class CredentialRoutes {

    private static final String BASE = "/v2/telephony_credentials";
    private static final String ONE = BASE + "/{id}";

    private final CredentialService credentials;
    private final CredentialTokens tokens;
    private final CredentialJson json;
    private final int maxPageSize;

    CredentialRoutes(CredentialService credentials, CredentialTokens tokens, int maxPageSize) {
        this.credentials = credentials;
        this.tokens = tokens;
        this.json = new CredentialJson(credentials);
        this.maxPageSize = maxPageSize;
    }

    List<Route> routes() {
        return List.of(
                Route.withKey(GET, BASE, this::list),
                Route.withKey(POST, BASE, ctx -> Envelopes.one(ctx, 201,
                        json.render(credentials.create(Authentication.accountId(ctx),
                                CredentialRequests.create(RequestBodies.object(ctx)))))),
                Route.withKey(GET, BASE + "/tags", ctx -> Envelopes.list(ctx,
                        credentials.tags(Authentication.accountId(ctx), QueryParams.page(ctx, maxPageSize)),
                        CredentialJson::render)),
                Route.withKey(GET, ONE, ctx -> Envelopes.one(ctx, 200,
                        json.render(credentials.get(Authentication.accountId(ctx), ctx.pathParam("id"))))),
                Route.withKey(PATCH, ONE, ctx -> Envelopes.one(ctx, 200, json.render(credentials.update(
                        Authentication.accountId(ctx), ctx.pathParam("id"), CredentialRequests.change(RequestBodies.object(ctx)))))),
                Route.withKey(DELETE, ONE, ctx -> Envelopes.one(ctx, 200,
                        json.render(credentials.delete(Authentication.accountId(ctx), ctx.pathParam("id"))))),
                Route.withKey(POST, ONE + "/actions/activate", ctx -> Envelopes.one(ctx, 200,
                        json.render(credentials.activate(Authentication.accountId(ctx), ctx.pathParam("id"))))),
                Route.withKey(POST, ONE + "/actions/deactivate", ctx -> Envelopes.one(ctx, 200,
                        json.render(credentials.deactivate(Authentication.accountId(ctx), ctx.pathParam("id"))))),
                Route.withKey(POST, ONE + "/token", this::token));
    }

    private void list(Context ctx) {
        String status = QueryParams.text(ctx, "filter[status]");
        CredentialStatus parsedStatus = status == null ? null : CredentialStatus.parse(status);
        if (status != null && parsedStatus == null) {
            throw RequestRefused.badParameter("filter[status]", "'filter[status]' must be one of active, inactive, expired.");
        }
        CredentialQuery query = new CredentialQuery(QueryParams.text(ctx, "filter[tag]"), QueryParams.text(ctx, "filter[name]"),
                parsedStatus, resourceConnection(QueryParams.text(ctx, "filter[resource_id]")),
                QueryParams.text(ctx, "filter[sip_username]"));
        Envelopes.list(ctx, credentials.list(Authentication.accountId(ctx), query, QueryParams.page(ctx, maxPageSize)),
                json::render);
    }

    private void token(Context ctx) {
        String jwt = tokens.mint(Authentication.accountId(ctx), ctx.pathParam("id"));
        ctx.status(201).contentType("text/plain").result(jwt);
    }

    /** {@code connection:<id>} to the connection id; anything else is a bad filter. */
    private static Long resourceConnection(String resourceId) {
        if (resourceId == null) {
            return null;
        }
        long id = resourceId.startsWith("connection:") ? Ids.parseNumeric(resourceId.substring("connection:".length())) : -1;
        if (id < 0) {
            throw RequestRefused.badParameter("filter[resource_id]",
                    "'filter[resource_id]' must look like connection:<connection id>.");
        }
        return id;
    }
}
