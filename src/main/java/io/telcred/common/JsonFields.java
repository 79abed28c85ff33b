package io.telcred.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads typed fields out of a request body, turning a wrong type or a bad value into a
 * {@link DomainException} that points at the field. An explicit JSON null counts as absent.
 */
public final class JsonFields {

    private JsonFields() {
    }

    public static boolean present(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node != null && !node.isNull();
    }

    /** A string of at most {@code maxLength} characters without control characters, or null when absent. */
    public static String string(JsonNode body, String field, int maxLength) {
        if (!present(body, field)) {
            return null;
        }
        JsonNode node = body.get(field);
        if (!node.isTextual()) {
            throw DomainException.invalid("/" + field, "'" + field + "' must be a string.");
        }
        String value = node.textValue();
        if (value.length() > maxLength) {
            throw DomainException.invalid("/" + field, "'" + field + "' must be at most " + maxLength + " characters long.");
        }
        if (hasControlCharacter(value)) {
            throw DomainException.invalid("/" + field, "'" + field + "' must not contain control characters.");
        }
        return value;
    }

    public static String requiredString(JsonNode body, String field, int maxLength) {
        String value = string(body, field, maxLength);
        if (value == null) {
            throw DomainException.missing("/" + field);
        }
        return value;
    }

    public static Boolean bool(JsonNode body, String field) {
        if (!present(body, field)) {
            return null;
        }
        JsonNode node = body.get(field);
        if (!node.isBoolean()) {
            throw DomainException.invalid("/" + field, "'" + field + "' must be true or false.");
        }
        return node.booleanValue();
    }

    /** An ISO-8601 timestamp with offset (e.g. 2026-12-31T23:59:59Z), or null when absent. */
    public static Instant instant(JsonNode body, String field) {
        String text = string(body, field, 64);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw DomainException.invalid("/" + field, "'" + field
                    + "' must be an ISO-8601 date and time with an offset, such as 2026-12-31T23:59:59Z.");
        }
    }

    /** An id sent as a string or as a whole JSON number, as text, or null when absent. */
    public static String id(JsonNode body, String field) {
        if (!present(body, field)) {
            return null;
        }
        JsonNode node = body.get(field);
        if (node.isTextual()) {
            String value = node.textValue();
            if (value.length() > 64) {
                throw DomainException.invalid("/" + field, "'" + field + "' is not a valid id.");
            }
            return value;
        }
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        throw DomainException.invalid("/" + field, "'" + field + "' must be a string id.");
    }

    public static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
