package io.telcred.http;

import static io.javalin.http.HandlerType.POST;

import io.javalin.http.Context;
import io.telcred.common.Problem;
import io.telcred.turn.TurnCredential;
import io.telcred.turn.TurnCredentials;
import java.util.List;
import java.util.Optional;

/**
 * {@code /v2/turn_credentials}: short-lived TURN credentials, which a backend hands to its browsers
 * beside their login tokens so that calls get through NAT. The route exists also when TURN is off,
 * and then says which setting turns it on.
 */
final class TurnRoutes {

    private final Optional<TurnCredentials> turn;

    TurnRoutes(Optional<TurnCredentials> turn) {
        this.turn = turn;
    }

    List<Route> routes() {
        return List.of(Route.withKey(POST, "/v2/turn_credentials", this::issue));
    }

    private void issue(Context ctx) {
        TurnCredentials credentials = turn.orElseThrow(() -> new RequestRefused(404, Problem.NOT_FOUND,
                "This server issues no TURN credentials: TURN is off until its operator sets TELCRED_TURN_SECRET "
                        + "(shared with the TURN server) and TELCRED_TURN_URIS."));
        Long ttl = BodyFields.wholeNumber(RequestBodies.object(ctx), "ttl");
        String accountId = Authentication.accountId(ctx);
        TurnCredential credential = ttl == null ? credentials.issue(accountId) : credentials.issue(accountId, ttl);
        Envelopes.one(ctx, 201, TurnCredentialJson.render(credential));
    }
}
