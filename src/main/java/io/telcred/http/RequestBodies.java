package io.telcred.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.telcred.common.Problem;
import io.telcred.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a JSON object body the way every client sends one: an empty body (with or without
 * {@code Content-Type: application/json}) is {@code {}}; a non-empty body must be JSON; anything
 * else is refused with the matching status before a service sees it.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    static JsonNode object(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0 || isBlank(bytes)) {
            return Json.MAPPER.createObjectNode();
        }
        if (!isJson(ctx.contentType())) {
            throw new RequestRefused(415, Problem.UNSUPPORTED_MEDIA_TYPE,
                    "The request body must be JSON, sent with Content-Type: application/json.");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(utf8(bytes));
        } catch (StreamConstraintsException e) {
            throw new RequestRefused(400, Problem.INVALID_VALUE, "The JSON body is nested too deeply or holds an oversized value.");
        } catch (JsonProcessingException e) {
            throw new RequestRefused(400, Problem.INVALID_VALUE,
                    "The request body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ").");
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw new RequestRefused(400, Problem.INVALID_VALUE, "The request body must be a JSON object.");
        }
        return node;
    }

    /**
     * The body as text. JSON is UTF-8 (RFC 8259); a byte sequence that is not UTF-8 is refused
     * rather than stored as U+FFFD, which would silently change what the client sent.
     */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RequestRefused(400, Problem.INVALID_VALUE, "The request body is not valid UTF-8.");
        }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
