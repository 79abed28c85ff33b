package io.telcred.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.telcred.common.DomainException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The JSON value a connection setting accepts. {@link #check} validates one non-null request value
 * and returns the node to store; a refusal is a {@link DomainException#invalid} whose detail says
 * what the field accepts.
 */
abstract class SettingType {

    static final int MAX_TEXT_LENGTH = 255;
    static final int MAX_URL_LENGTH = 2048;

    /** How much of a bad value an error message may quote. */
    private static final int MAX_QUOTED_LENGTH = 100;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What the field accepts, as a phrase that completes "x must be ...". */
    abstract String describe();

    /** Validates {@code value} (never JSON null) found at {@code pointer}; returns what to store. */
    abstract JsonNode check(JsonNode value, String pointer, boolean nullable);

    static SettingType bool() {
        return new Bool();
    }

    static SettingType integer(long min, long max) {
        return new Int(min, max, 1, false);
    }

    /** An integer that must also be a multiple of {@code step}. */
    static SettingType integer(long min, long max, long step) {
        return new Int(min, max, step, false);
    }

    /**
     * An integer that may also arrive as a string of digits: older Telnyx specs typed
     * {@code inbound.timeout_2xx_secs} as a string, and SDKs generated from them still send {@code "90"}.
     * It is stored as a number either way.
     */
    static SettingType integerOrDigits(long min, long max) {
        return new Int(min, max, 1, true);
    }

    static SettingType text(int minLength, int maxLength) {
        return new Text(minLength, maxLength, null, null);
    }

    static SettingType text(int maxLength, Pattern pattern, String patternDescription) {
        return new Text(0, maxLength, pattern, patternDescription);
    }

    /** An absolute http(s) URL; the empty string means "none" (SDKs send {@code ""} as the default). */
    static SettingType url() {
        return new Url();
    }

    static SettingType oneOf(String... values) {
        return new OneOf(List.of(values));
    }

    static SettingType oneOf(List<String> values) {
        return new OneOf(values);
    }

    static SettingType list(SettingType item, int minItems, int maxItems, boolean distinct) {
        return new ListOf(item, minItems, maxItems, distinct);
    }

    static DomainException reject(String pointer, String accepts, boolean nullable, String got) {
        String name = pointer.substring(1).replace('/', '.');
        return DomainException.invalid(pointer, name + " must be " + accepts + (nullable ? ", or null" : "")
                + "; got " + got + ".");
    }

    DomainException reject(String pointer, boolean nullable, JsonNode value) {
        return reject(pointer, describe(), nullable, shown(value));
    }

    /** The bad value as an error message may show it: short, printable strings only. */
    static String shown(JsonNode value) {
        if (value.isTextual()) {
            String text = value.textValue();
            if (!isPrintable(text)) {
                return "a string containing control characters";
            }
            if (text.codePointCount(0, text.length()) > MAX_QUOTED_LENGTH) {
                return "a string of " + text.codePointCount(0, text.length()) + " characters";
            }
            return "\"" + text + "\"";
        }
        if (value.isNumber()) {
            String number = value.asText();
            return number.length() > MAX_QUOTED_LENGTH ? "a number of " + number.length() + " digits" : number;
        }
        if (value.isBoolean()) {
            return value.asText();
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isObject()) {
            return "an object";
        }
        return "a value of type " + value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** No control characters (C0, DEL, C1) and no unpaired surrogates, which would not survive storage. */
    static boolean isPrintable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static final class Bool extends SettingType {
        @Override
        String describe() {
            return "true or false";
        }

        @Override
        JsonNode check(JsonNode value, String pointer, boolean nullable) {
            if (!value.isBoolean()) {
                throw reject(pointer, nullable, value);
            }
            return value;
        }
    }

    private static final class Int extends SettingType {
        private final long min;
        private final long max;
        private final long step;
        private final boolean digitsAccepted;

        Int(long min, long max, long step, boolean digitsAccepted) {
            this.min = min;
            this.max = max;
            this.step = step;
            this.digitsAccepted = digitsAccepted;
        }

        @Override
        String describe() {
            return step == 1
                    ? "an integer from " + min + " to " + max
                    : "a multiple of " + step + " from " + min + " to " + max;
        }

        @Override
        JsonNode check(JsonNode value, String pointer, boolean nullable) {
            BigDecimal number = numberOf(value);
            if (number == null) {
                throw reject(pointer, nullable, value);
            }
            BigDecimal whole;
            try {
                whole = number.stripTrailingZeros();
                // 10.0 is accepted as 10 (some JSON encoders write whole floats that way); 10.5 is not.
                whole.toBigIntegerExact();
            } catch (ArithmeticException fractional) {
                throw reject(pointer, nullable, value);
            }
            if (whole.compareTo(BigDecimal.valueOf(min)) < 0 || whole.compareTo(BigDecimal.valueOf(max)) > 0) {
                throw reject(pointer, nullable, value);
            }
            long result = whole.longValueExact();
            if (result % step != 0) {
                throw reject(pointer, nullable, value);
            }
            return result >= Integer.MIN_VALUE && result <= Integer.MAX_VALUE
                    ? NODES.numberNode((int) result)
                    : NODES.numberNode(result);
        }

        private BigDecimal numberOf(JsonNode value) {
            if (value.isNumber()) {
                boolean finite = !value.isFloatingPointNumber() || Double.isFinite(value.doubleValue());
                return finite ? value.decimalValue() : null;
            }
            if (digitsAccepted && value.isTextual() && value.textValue().matches("[0-9]{1,18}")) {
                return new BigDecimal(value.textValue());
            }
            return null;
        }
    }

    private static final class Text extends SettingType {
        private final int minLength;
        private final int maxLength;
        private final Pattern pattern;
        private final String patternDescription;

        Text(int minLength, int maxLength, Pattern pattern, String patternDescription) {
            this.minLength = minLength;
            this.maxLength = maxLength;
            this.pattern = pattern;
            this.patternDescription = patternDescription;
        }

        @Override
        String describe() {
            if (pattern != null) {
                return patternDescription;
            }
            String length = minLength == 0 ? "at most " + maxLength : minLength + " to " + maxLength;
            return "a string of " + length + " characters without control characters";
        }

        @Override
        JsonNode check(JsonNode value, String pointer, boolean nullable) {
            if (!value.isTextual() || !isPrintable(value.textValue())) {
                throw reject(pointer, nullable, value);
            }
            String text = value.textValue();
            int length = text.codePointCount(0, text.length());
            if (length < minLength || length > maxLength) {
                throw reject(pointer, nullable, value);
            }
            if (pattern != null && !pattern.matcher(text).matches()) {
                throw reject(pointer, nullable, value);
            }
            return value;
        }
    }

    private static final class Url extends SettingType {
        @Override
        String describe() {
            return "an absolute http or https URL of at most " + MAX_URL_LENGTH + " characters, or an empty string";
        }

        @Override
        JsonNode check(JsonNode value, String pointer, boolean nullable) {
            if (!value.isTextual()) {
                throw reject(pointer, nullable, value);
            }
            String text = value.textValue();
            if (text.isEmpty()) {
                return value;
            }
            if (text.length() > MAX_URL_LENGTH || !isPrintable(text) || !isHttpUrl(text)) {
                throw reject(pointer, nullable, value);
            }
            return value;
        }

        private static boolean isHttpUrl(String text) {
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme();
                return scheme != null
                        && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                        && uri.getRawAuthority() != null
                        && !uri.getRawAuthority().isEmpty()
                        // getHost() is null when the authority is not a server name (e.g. "http://:80").
                        && uri.getHost() != null;
            } catch (URISyntaxException e) {
                return false;
            }
        }
    }

    private static final class OneOf extends SettingType {
        private final Set<String> values;

        OneOf(List<String> values) {
            this.values = new LinkedHashSet<>(values);
        }

        @Override
        String describe() {
            return "one of " + values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
        }

        @Override
        JsonNode check(JsonNode value, String pointer, boolean nullable) {
            if (!value.isTextual() || !values.contains(value.textValue())) {
                throw reject(pointer, nullable, value);
            }
            return value;
        }
    }

    private static final class ListOf extends SettingType {
        private final SettingType item;
        private final int minItems;
        private final int maxItems;
        private final boolean distinct;

        ListOf(SettingType item, int minItems, int maxItems, boolean distinct) {
            this.item = item;
            this.minItems = minItems;
            this.maxItems = maxItems;
            this.distinct = distinct;
        }

        @Override
        String describe() {
            String size = minItems == 0 ? "at most " + maxItems : minItems + " to " + maxItems;
            return "an array of " + size + (distinct ? " distinct" : "") + " items, each " + item.describe();
        }

        @Override
        JsonNode check(JsonNode value, String pointer, boolean nullable) {
            if (!value.isArray() || value.size() < minItems || value.size() > maxItems) {
                String got = value.isArray() ? "an array of " + value.size() + " items" : shown(value);
                throw reject(pointer, describe(), nullable, got);
            }
            ArrayNode result = NODES.arrayNode(value.size());
            Set<JsonNode> seen = new HashSet<>();
            for (int i = 0; i < value.size(); i++) {
                String itemPointer = pointer + "/" + i;
                JsonNode element = value.get(i);
                if (element.isNull()) {
                    throw item.reject(itemPointer, false, element);
                }
                JsonNode checked = item.check(element, itemPointer, false);
                if (distinct && !seen.add(checked)) {
                    throw reject(itemPointer, "a value not already listed", false, shown(element));
                }
                result.add(checked);
            }
            return result;
        }
    }
}
