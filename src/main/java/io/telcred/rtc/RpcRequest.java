package io.telcred.rtc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.json.Json;

/**
 * One frame from a client: a request ({@code method} set) or its answer to a request of ours
 * ({@code method} null, {@code result} or {@code error} set). Anything else is refused with the
 * JSON-RPC error that names the fault.
 */
record RpcRequest(JsonNode id, String method, ObjectNode params, boolean answer) {

    /** Parses a text frame; throws {@link RpcException} for what is not one JSON-RPC 2.0 message. */
    static RpcRequest parse(String text) {
        JsonNode frame;
        try {
            frame = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RpcException(RpcError.PARSE_ERROR, "The frame is not JSON.");
        }
        if (frame == null || frame.getNodeType() == JsonNodeType.ARRAY) {
            throw new RpcException(RpcError.INVALID_REQUEST, "Batch requests are not supported; send one request per frame.");
        }
        if (!frame.isObject() || !"2.0".equals(frame.path("jsonrpc").asText(null))) {
            throw new RpcException(RpcError.INVALID_REQUEST, "A frame must be a JSON-RPC 2.0 object.");
        }
        JsonNode id = frame.get("id");
        if (id != null && !(id.isTextual() || id.isIntegralNumber() || id.isNull())) {
            throw new RpcException(RpcError.INVALID_REQUEST, "The id must be a string or a number.");
        }
        JsonNode method = frame.get("method");
        if (method == null && (frame.has("result") || frame.has("error"))) {
            return new RpcRequest(id, null, null, true);
        }
        if (method == null || !method.isTextual() || method.asText().isEmpty()) {
            throw new RpcException(RpcError.INVALID_REQUEST, "The method must be a string.");
        }
        JsonNode params = frame.get("params");
        if (params != null && !params.isObject() && !params.isNull()) {
            throw new RpcException(RpcError.INVALID_PARAMS, "The params must be an object.");
        }
        return new RpcRequest(id, method.asText(), params instanceof ObjectNode object ? object : Frames.object(), false);
    }

    /** A text parameter, or null when absent; too long or not text is refused. */
    String text(String name, int maxLength) {
        return text(params, name, maxLength);
    }

    static String text(JsonNode node, String name, int maxLength) {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new RpcException(RpcError.INVALID_PARAMS, name + " must be a string.");
        }
        if (value.asText().length() > maxLength) {
            throw new RpcException(RpcError.INVALID_PARAMS, name + " is longer than " + maxLength + " characters.");
        }
        return value.asText();
    }

    /** The call's id, from {@code dialogParams.callID} or {@code callID}. */
    String callId() {
        String id = text(params.path("dialogParams"), "callID", 128);
        if (id == null) {
            id = text("callID", 128);
        }
        if (id == null || id.isEmpty()) {
            throw new RpcException(RpcError.INVALID_PARAMS, "dialogParams.callID is missing.");
        }
        return id;
    }

    /** The SDP of an invite, answer or media update, required. */
    String sdp() {
        String sdp = text("sdp", 256 * 1024);
        if (sdp == null || sdp.isBlank()) {
            throw new RpcException(RpcError.INVALID_PARAMS, "sdp is missing.");
        }
        return sdp;
    }
}
