package io.telcred.rtc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.json.Json;

/** Builds the JSON-RPC 2.0 frames the door sends. */
final class Frames {

    private Frames() {
    }

    static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }

    static String result(JsonNode id, ObjectNode result) {
        ObjectNode frame = envelope(id);
        frame.set("result", result);
        return text(frame);
    }

    static String error(JsonNode id, RpcError error, String detail) {
        ObjectNode frame = envelope(id);
        ObjectNode body = frame.putObject("error").put("code", error.code).put("message", error.message);
        if (detail != null && !detail.equals(error.message)) {
            body.putObject("data").put("detail", detail);
        }
        return text(frame);
    }

    static String request(long id, String method, ObjectNode params) {
        ObjectNode frame = object().put("jsonrpc", "2.0").put("id", id).put("method", method);
        frame.set("params", params);
        return text(frame);
    }

    private static ObjectNode envelope(JsonNode id) {
        ObjectNode frame = object().put("jsonrpc", "2.0");
        frame.set("id", id == null ? Json.MAPPER.nullNode() : id);
        return frame;
    }

    private static String text(ObjectNode frame) {
        try {
            return Json.MAPPER.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }
}
