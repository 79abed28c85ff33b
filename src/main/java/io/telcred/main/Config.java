package io.telcred.main;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import io.telcred.turn.TurnSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The configuration: {@code TELCRED_*} environment variables, then an optional properties file
 * ({@link Settings#CONFIG_FILE}) with the same keys, then each setting's default. Values are read
 * through their {@link Setting}, which parses and checks them.
 *
 * <p>An unknown key in the file stops the start: the file is telcred's own, so it is a typo. An
 * unknown {@code TELCRED_*} name in the environment is only a {@linkplain #warnings() warning}: the
 * environment is shared with other programs, such as client scripts that keep their
 * {@code TELCRED_URL} and {@code TELCRED_API_KEY} there.
 */
public final class Config implements SettingValues {

    private static final Map<String, Setting<?>> KNOWN = known();
    private static final String PREFIX = "TELCRED_";

    /** The text of each setting that is not at its default. */
    private final Map<String, String> values;
    private final List<String> warnings;

    private Config(Map<String, String> values, List<String> warnings) {
        this.values = values;
        this.warnings = List.copyOf(warnings);
    }

    /** Reads the process environment and the optional file. */
    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads the given environment (tests pass their own) and the optional file it names. */
    public static Config from(Map<String, String> environment) {
        Map<String, String> merged = new HashMap<>();
        String fileText = environment.getOrDefault(Settings.CONFIG_FILE.name(), Settings.CONFIG_FILE.defaultText());
        Path path = parse(Settings.CONFIG_FILE, fileText);
        if (Files.isRegularFile(path)) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(path)) {
                properties.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException(Settings.CONFIG_FILE.name(),
                        "cannot read " + path.toAbsolutePath() + ": " + e.getMessage());
            }
            for (String name : new TreeSet<>(properties.stringPropertyNames())) {
                if (!KNOWN.containsKey(name)) {
                    throw new ConfigException(name, "unknown setting in " + path.toAbsolutePath() + didYouMean(name));
                }
                merged.put(name, properties.getProperty(name).trim());
            }
        }
        List<String> warnings = new ArrayList<>();
        for (String name : new TreeSet<>(environment.keySet())) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            if (KNOWN.containsKey(name)) {
                merged.put(name, environment.get(name));
            } else {
                warnings.add("ignoring the environment variable " + name + ": it is not a setting of telcred" + didYouMean(name));
            }
        }
        return new Config(merged, warnings);
    }

    /** A copy with one setting replaced; used by tests and the command line. */
    public Config with(String key, String value) {
        if (!KNOWN.containsKey(key)) {
            throw new ConfigException(key, "unknown setting" + didYouMean(key));
        }
        Map<String, String> copy = new HashMap<>(values);
        copy.put(key, value);
        return new Config(copy, warnings);
    }

    /** What was ignored, one sentence each, for the log. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Reads every setting once, and checks the ones that must go together, so that a bad value
     * stops the start before anything is opened.
     */
    public void validate() {
        Settings.ALL.forEach(this::get);
        turnSettings();
    }

    /** TURN as configured, or empty when it is off. */
    Optional<TurnSettings> turnSettings() {
        try {
            return TurnSettings.from(this);
        } catch (TurnSettings.Refused e) {
            throw new ConfigException(e.setting().name(), e.getMessage());
        }
    }

    @Override
    public <T> T get(Setting<T> setting) {
        if (!KNOWN.containsKey(setting.name())) {
            throw new IllegalArgumentException(setting.name() + " is not in the list of settings");
        }
        return parse(setting, values.getOrDefault(setting.name(), setting.defaultText()));
    }

    public Path dataDir() {
        return get(Settings.DATA_DIR);
    }

    private static <T> T parse(Setting<T> setting, String text) {
        try {
            return setting.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting.name(), e.getMessage());
        }
    }

    /**
     * Names the setting nearest by edit distance: as "did you mean" when it is near enough to be a
     * typo, else only as the nearest.
     */
    static String didYouMean(String name) {
        String nearest = KNOWN.keySet().stream()
                .min(Comparator.comparingInt((String known) -> editDistance(name, known)).thenComparing(known -> known))
                .orElseThrow();
        int distance = editDistance(name, nearest);
        // Past a third of the name's length the "nearest" is not a typo of it, merely the least unlike.
        return distance <= Math.max(2, name.length() / 3) ? "; did you mean " + nearest + "?"
                : " (the nearest setting is " + nearest + ")";
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static Map<String, Setting<?>> known() {
        Map<String, Setting<?>> known = new HashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            if (known.put(setting.name(), setting) != null) {
                throw new IllegalStateException("two settings named " + setting.name());
            }
        }
        return Map.copyOf(known);
    }

    /**
     * A configuration telcred cannot start with: which setting, and why (never its value if it is
     * secret). Printed as one line, {@code telcred: SETTING: reason}, and the process exits with
     * status 2.
     */
    public static final class ConfigException extends RuntimeException {

        private final String setting;
        private final String reason;

        public ConfigException(String setting, String reason) {
            super(setting + ": " + oneLine(reason), null, false, false);
            this.setting = setting;
            this.reason = oneLine(reason);
        }

        /** The setting's name (or, for a failure of several, a name that says which). */
        public String setting() {
            return setting;
        }

        public String reason() {
            return reason;
        }

        private static String oneLine(String text) {
            return text == null ? "refused" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        }
    }
}
