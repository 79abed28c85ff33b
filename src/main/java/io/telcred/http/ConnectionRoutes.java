package io.telcred.http;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;

import io.javalin.http.Context;
import io.telcred.connection.ConnectionQuery;
import io.telcred.connection.ConnectionService;
import io.telcred.connection.CredentialConnection;
import io.telcred.location.Location;
import io.telcred.location.RegistrationStatus;
import java.util.List;

/** {@code /v2/credential_connections}. */
final class ConnectionRoutes {

    private static final String BASE = "/v2/credential_connections";
    private static final String ONE = BASE + "/{id}";

    private final ConnectionService connections;
    private final Location location;
    private final ConnectionJson json;
    private final int maxPageSize;

    ConnectionRoutes(ConnectionService connections, Location location, int maxPageSize) {
        this.connections = connections;
        this.location = location;
        this.json = new ConnectionJson(connections);
        this.maxPageSize = maxPageSize;
    }

    List<Route> routes() {
        return List.of(
                Route.withKey(GET, BASE, this::list),
                Route.withKey(POST, BASE, ctx -> Envelopes.one(ctx, 201,
                        json.render(connections.create(Authentication.accountId(ctx),
                                ConnectionRequests.create(RequestBodies.object(ctx)))))),
                Route.withKey(GET, ONE, ctx -> Envelopes.one(ctx, 200,
                        json.render(connections.get(Authentication.accountId(ctx), ctx.pathParam("id"))))),
                Route.withKey(PATCH, ONE, ctx -> Envelopes.one(ctx, 200, json.render(connections.update(
                        Authentication.accountId(ctx), ctx.pathParam("id"), ConnectionRequests.change(RequestBodies.object(ctx)))))),
                Route.withKey(DELETE, ONE, ctx -> Envelopes.one(ctx, 200,
                        json.render(connections.delete(Authentication.accountId(ctx), ctx.pathParam("id"))))),
                Route.withKey(POST, ONE + "/actions/check_registration_status", this::registrationStatus));
    }

    /** The registration of the connection's own user name. */
    private void registrationStatus(Context ctx) {
        CredentialConnection connection = connections.get(Authentication.accountId(ctx), ctx.pathParam("id"));
        Envelopes.one(ctx, 200, RegistrationJson.render(RegistrationStatus.of(connection.accountId(),
                connection.userName(), location)));
    }

    private void list(Context ctx) {
        String sortText = QueryParams.text(ctx, "sort");
        ConnectionQuery.Sort sort = sortText == null ? ConnectionQuery.Sort.CREATED_AT_DESC : ConnectionQuery.Sort.parse(sortText);
        if (sort == null) {
            throw RequestRefused.badParameter("sort",
                    "'sort' must be created_at, connection_name or active, optionally with a leading '-'.");
        }
        ConnectionQuery query = new ConnectionQuery(QueryParams.text(ctx, "filter[connection_name][contains]"),
                QueryParams.text(ctx, "filter[fqdn]"), QueryParams.text(ctx, "filter[outbound_voice_profile_id]"), sort);
        Envelopes.list(ctx, connections.list(Authentication.accountId(ctx), query, QueryParams.page(ctx, maxPageSize)),
                json::render);
    }
}
