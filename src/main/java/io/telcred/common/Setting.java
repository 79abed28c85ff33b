package io.telcred.common;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One setting of telcred, defined once: its name (an environment variable, or the same key in the
 * configuration file), its default, the values it takes and what it does. The configuration reads
 * values through it, the README's table lists it (a test keeps the two in step), and each part's
 * settings record is built from it, so a default is written in one place only.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {

    private final String name;
    private final String defaultText;
    private final Function<String, T> parser;
    private final String description;

    private Setting(String name, String defaultText, Function<String, T> parser, String description) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultText = Objects.requireNonNull(defaultText, "defaultText");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.description = Objects.requireNonNull(description, "description");
    }

    /**
     * A setting of any type; {@code parser} throws {@link IllegalArgumentException} with the
     * reason (a phrase like "must be ...") for text it refuses. An empty default means unset.
     */
    public static <T> Setting<T> of(String name, String defaultText, Function<String, T> parser, String description) {
        return new Setting<>(name, defaultText, parser, description);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static Setting<Integer> integer(String name, int defaultValue, int min, int max, String description) {
        return new Setting<>(name, Integer.toString(defaultValue), text -> whole(text, min, max), description);
    }

    /** A duration given in whole seconds, from {@code min} to {@code max}. */
    public static Setting<Duration> seconds(String name, int defaultValue, int min, int max, String description) {
        return new Setting<>(name, Integer.toString(defaultValue), text -> Duration.ofSeconds(whole(text, min, max)),
                description);
    }

    /** A duration given in whole milliseconds, from {@code min} to {@code max}. */
    public static Setting<Duration> millis(String name, int defaultValue, int min, int max, String description) {
        return new Setting<>(name, Integer.toString(defaultValue), text -> Duration.ofMillis(whole(text, min, max)),
                description);
    }

    /** {@code true} or {@code false}, in any case. */
    public static Setting<Boolean> bool(String name, boolean defaultValue, String description) {
        return new Setting<>(name, Boolean.toString(defaultValue), text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false, is '" + text + "'");
        }, description);
    }

    /** Text with a default. */
    public static Setting<String> text(String name, String defaultValue, String description) {
        return new Setting<>(name, defaultValue, text -> text, description);
    }

    /** Text that is unset by default: empty when unset. */
    public static Setting<Optional<String>> optional(String name, String description) {
        return new Setting<>(name, "", text -> text.isBlank() ? Optional.empty() : Optional.of(text), description);
    }

    /** A file, unset by default. */
    public static Setting<Optional<Path>> file(String name, String description) {
        return new Setting<>(name, "", text -> text.isBlank() ? Optional.empty() : Optional.of(Path.of(text)), description);
    }

    /** Comma-separated networks such as {@code 10.0.0.0/8, ::1}: address literals only, never names. None by default. */
    public static Setting<List<String>> networks(String name, String description) {
        return new Setting<>(name, "", text -> {
            List<String> networks = commaSeparated(text);
            try {
                networks.forEach(Cidr::parse);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be comma-separated address literals, each with an optional "
                        + "/prefix: " + e.getMessage());
            }
            return networks;
        }, description);
    }

    /** The non-empty items of a comma-separated list, trimmed. */
    public static List<String> commaSeparated(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    public String name() {
        return name;
    }

    /** The default as it would be written; empty when the setting is unset by default. */
    public String defaultText() {
        return defaultText;
    }

    public String description() {
        return description;
    }

    /** The value of {@code text}; throws {@link IllegalArgumentException} saying why it is refused. */
    public T parse(String text) {
        return parser.apply(text.trim());
    }

    public T defaultValue() {
        return parse(defaultText);
    }

    @Override
    public String toString() {
        return name;
    }

    private static int whole(String text, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number, is '" + text + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("must be between " + min + " and " + max + ", is " + text);
        }
        return value;
    }
}
