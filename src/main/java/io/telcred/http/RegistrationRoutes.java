package io.telcred.http;

import static io.javalin.http.HandlerType.GET;

import io.javalin.http.Context;
import io.telcred.common.Ids;
import io.telcred.common.Page;
import io.telcred.location.Binding;
import io.telcred.location.Location;
import io.telcred.location.RegistrationQuery;
import java.util.List;

/** {@code /v2/registrations}: who of the account is registered now, for a call-centre backend to dial. */
final class RegistrationRoutes {

    /** A node of a cluster that cannot read the others' registrations says so, and answers its own. */
    static final String THIS_NODE_ONLY = "199 telcred \"the registrations of this node only: the other nodes' cannot "
            + "be read now\"";

    private final Location location;
    private final int maxPageSize;

    RegistrationRoutes(Location location, int maxPageSize) {
        this.location = location;
        this.maxPageSize = maxPageSize;
    }

    List<Route> routes() {
        return List.of(Route.withKey(GET, "/v2/registrations", this::list));
    }

    private void list(Context ctx) {
        String connection = QueryParams.text(ctx, "filter[connection_id]");
        long connectionId = connection == null ? 0 : Ids.parseNumeric(connection);
        if (connectionId < 0) {
            throw RequestRefused.badParameter("filter[connection_id]", "'filter[connection_id]' must be a connection id.");
        }
        RegistrationQuery query = new RegistrationQuery(connection == null ? null : connectionId,
                QueryParams.text(ctx, "filter[sip_username]"), QueryParams.text(ctx, "filter[credential_id]"));
        Page<Binding> page = location.list(Authentication.accountId(ctx), query, QueryParams.page(ctx, maxPageSize));
        if (location.listsThisNodeOnly()) {
            ctx.header("Warning", THIS_NODE_ONLY);
        }
        Envelopes.list(ctx, page, RegistrationJson::render);
    }
}
