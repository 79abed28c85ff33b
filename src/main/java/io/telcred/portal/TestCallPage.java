package io.telcred.portal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.telcred.json.Json;
import io.telcred.turn.TurnCredential;
import io.telcred.turn.TurnCredentials;
import java.util.Optional;

/**
 * A test call from the browser: log in as a credential (its password or a login token) and call
 * another one, over the same {@code /rtc} protocol as the WebRTC SDKs. The page is static; its
 * scripts ({@code rtc-client.js}, {@code test-call.js}) speak to the gateway themselves, so the
 * portal learns no credential's password. Before logging in, the script asks for the ICE servers
 * of its calls: a short-lived TURN credential when the operator runs TURN beside telcred, so that
 * a test call works from behind NAT as the SDKs' calls do.
 */
final class TestCallPage {

    private final Pages pages;
    private final Guard guard;
    private final Optional<TurnCredentials> turn;

    TestCallPage(Pages pages, Guard guard, Optional<TurnCredentials> turn) {
        this.pages = pages;
        this.guard = guard;
        this.turn = turn;
    }

    void install(JavalinConfig config) {
        config.routes.get("/test-call", guard.page((ctx, visitor) ->
                pages.render(ctx, "test-call.jte", Guard.frame(ctx, visitor, "Test call", "test-call"))));
        config.routes.post("/test-call/ice-servers", guard.action(this::iceServers));
    }

    /** {@code {"ice_servers":[...]}} as RTCPeerConnection takes them; none when TURN is off. */
    private void iceServers(Context ctx, Visitor visitor) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode servers = answer.putArray("ice_servers");
        turn.ifPresent(credentials -> {
            TurnCredential credential = credentials.issue("portal-" + visitor.user().id());
            ObjectNode server = servers.addObject();
            credential.uris().forEach(server.putArray("urls")::add);
            server.put("username", credential.username()).put("credential", credential.password());
        });
        ctx.header("Cache-Control", "no-store").contentType("application/json").result(Json.write(answer));
    }
}
