package io.telcred.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.common.DomainException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads typed members out of a request body, turning a wrong JSON type into a
 * {@link DomainException} that names the member. An explicit JSON null counts as absent. Whether a
 * value of the right type is allowed is the domain's to judge.
 */
final class BodyFields {

    /** Longest id accepted; real ones are 19 digits or a 36-character UUID. */
    private static final int MAX_ID_LENGTH = 64;

    private BodyFields() {
    }

    /** A string, or null when absent. */
    static String string(JsonNode body, String field) {
        JsonNode node = present(body, field);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw DomainException.invalid(field, "'" + field + "' must be a string.");
        }
        return node.textValue();
    }

    static Boolean bool(JsonNode body, String field) {
        JsonNode node = present(body, field);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw DomainException.invalid(field, "'" + field + "' must be true or false.");
        }
        return node.booleanValue();
    }

    /**
     * A whole JSON number, or null when absent. One beyond a long saturates, so that the domain's
     * range check answers it like any other value out of range.
     */
    static Long wholeNumber(JsonNode body, String field) {
        JsonNode node = present(body, field);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber()) {
            throw DomainException.invalid(field, "'" + field + "' must be a whole number.");
        }
        if (node.canConvertToLong()) {
            return node.longValue();
        }
        return node.bigIntegerValue().signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    /** An ISO-8601 timestamp with offset (e.g. 2026-12-31T23:59:59Z), or null when absent. */
    static Instant instant(JsonNode body, String field) {
        String text = string(body, field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw DomainException.invalid(field, "'" + field
                    + "' must be an ISO-8601 date and time with an offset, such as 2026-12-31T23:59:59Z.");
        }
    }

    /** An id sent as a string or as a whole JSON number, as text, or null when absent. */
    static String id(JsonNode body, String field) {
        JsonNode node = present(body, field);
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            if (node.textValue().length() > MAX_ID_LENGTH) {
                throw DomainException.invalid(field, "'" + field + "' is not a valid id.");
            }
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        throw DomainException.invalid(field, "'" + field + "' must be a string id.");
    }

    private static JsonNode present(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node;
    }
}
