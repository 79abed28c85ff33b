package io.telcred.http;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.telcred.call.CustomHeader;
import io.telcred.callcontrol.CallControl;
import io.telcred.callcontrol.ControlledLeg;
import io.telcred.callcontrol.Dial;
import io.telcred.common.DomainException;
import io.telcred.common.Page;
import io.telcred.common.PageRequest;
import io.telcred.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Call control, as the Telnyx API v2 has it: {@code POST /v2/calls} (dial a credential, for a parked
 * call or on its own), {@code GET /v2/calls/{call_control_id}}, the actions, and the live calls of an application.
 */
final class CallRoutes {

    private final CallControl control;
    private final int maxPageSize;

    CallRoutes(CallControl control, int maxPageSize) {
        this.control = control;
        this.maxPageSize = maxPageSize;
    }

    List<Route> routes() {
        return List.of(
                Route.withKey(POST, "/v2/calls", this::dial),
                Route.withKey(GET, "/v2/calls/{id}", ctx -> Envelopes.one(ctx, 200,
                        render(control.status(Authentication.accountId(ctx), ctx.pathParam("id"))))),
                Route.withKey(POST, "/v2/calls/{id}/actions/{action}", this::act),
                Route.withKey(GET, "/v2/connections/{id}/active_calls", this::active));
    }

    private void dial(Context ctx) {
        JsonNode body = RequestBodies.object(ctx);
        Dial dial = new Dial(BodyFields.id(body, "connection_id"), BodyFields.string(body, "to"),
                BodyFields.string(body, "from"), BodyFields.string(body, "link_to"), BodyFields.bool(body, "bridge_on_answer"),
                BodyFields.wholeNumber(body, "timeout_secs"), BodyFields.wholeNumber(body, "time_limit_secs"),
                BodyFields.string(body, "client_state"), BodyFields.string(body, "command_id"), customHeaders(body));
        ControlledLeg leg = control.dial(Authentication.accountId(ctx), dial);
        ObjectNode data = ids(leg);
        // Dialling goes on after the answer: the leg lives once the callee answers.
        data.put("is_alive", false);
        Envelopes.one(ctx, 200, data);
    }

    private void act(Context ctx) {
        JsonNode body = RequestBodies.object(ctx);
        control.act(Authentication.accountId(ctx), ctx.pathParam("id"), ctx.pathParam("action"),
                new CallControl.Action(BodyFields.string(body, "command_id"), BodyFields.string(body, "client_state"),
                        BodyFields.string(body, "cause"), BodyFields.string(body, "to"),
                        BodyFields.string(body, "call_control_id")));
        ObjectNode data = Json.MAPPER.createObjectNode().put("result", "ok");
        Envelopes.one(ctx, 200, data);
    }

    private void active(Context ctx) {
        List<ControlledLeg> legs = control.active(Authentication.accountId(ctx), ctx.pathParam("id"));
        PageRequest request = QueryParams.page(ctx, maxPageSize);
        int from = Math.min(legs.size(), (request.number() - 1) * request.size());
        List<ControlledLeg> shown = legs.subList(from, Math.min(legs.size(), from + request.size()));
        Instant now = Instant.now();
        Envelopes.list(ctx, new Page<>(shown, request, legs.size()), leg -> ids(leg).put("call_duration",
                Duration.between(leg.startTime(), now).toSeconds()));
    }

    private static ObjectNode render(ControlledLeg leg) {
        ObjectNode data = ids(leg).put("is_alive", leg.alive()).put("state", leg.state());
        if (leg.clientState() != null) {
            data.put("client_state", leg.clientState());
        }
        return data;
    }

    private static ObjectNode ids(ControlledLeg leg) {
        return Json.MAPPER.createObjectNode().put("record_type", "call").put("call_control_id", leg.callControlId())
                .put("call_leg_id", leg.callLegId()).put("call_session_id", leg.callSessionId());
    }

    private static List<CustomHeader> customHeaders(JsonNode body) {
        JsonNode headers = body.get("custom_headers");
        List<CustomHeader> out = new ArrayList<>();
        if (headers == null || headers.isNull()) {
            return out;
        }
        if (!headers.isArray()) {
            throw DomainException.invalid("custom_headers", "'custom_headers' must be a list of {name, value}.");
        }
        for (JsonNode header : headers) {
            if (!header.isObject() || !header.path("name").isTextual() || !header.path("value").isTextual()) {
                throw DomainException.invalid("custom_headers", "Every custom header must be {\"name\": text, \"value\": text}.");
            }
            out.add(new CustomHeader(header.get("name").textValue(), header.get("value").textValue()));
        }
        return out;
    }
}
