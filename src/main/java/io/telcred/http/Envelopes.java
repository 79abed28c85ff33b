package io.telcred.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.telcred.common.Page;
import io.telcred.json.Json;
import java.util.function.Function;

/** The success envelopes: {@code {"data": {...}}} and {@code {"data": [...], "meta": {...}}}. */
final class Envelopes {

    private Envelopes() {
    }

    static void one(Context ctx, int status, JsonNode data) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("data", data);
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }

    static <T> void list(Context ctx, Page<T> page, Function<T, JsonNode> render) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode data = body.putArray("data");
        page.items().forEach(item -> data.add(render.apply(item)));
        body.putObject("meta")
                .put("page_number", page.request().number())
                .put("page_size", page.request().size())
                .put("total_pages", page.totalPages())
                .put("total_results", page.totalResults());
        ctx.status(200).contentType("application/json").result(Json.write(body));
    }
}
