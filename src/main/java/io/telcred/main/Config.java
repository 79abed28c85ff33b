package io.telcred.main;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The configuration: {@code TELCRED_*} environment variables, then an optional properties file
 * ({@link Settings#CONFIG_FILE}) with the same keys, then each setting's default. Values are read
 * through their {@link Setting}, which parses and checks them.
 */
public final class Config implements SettingValues {

    private static final Map<String, Setting<?>> KNOWN = known();

    /** The text of each setting that is not at its default. */
    private final Map<String, String> values;

    private Config(Map<String, String> values) {
        this.values = values;
    }

    /** Reads the process environment and the optional file. */
    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads the given environment (tests pass their own) and the optional file it names. */
    public static Config from(Map<String, String> environment) {
        Map<String, String> merged = new HashMap<>();
        Path path = Settings.CONFIG_FILE.parse(environment.getOrDefault(Settings.CONFIG_FILE.name(),
                Settings.CONFIG_FILE.defaultText()));
        if (Files.isRegularFile(path)) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(path)) {
                properties.load(in);
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + path.toAbsolutePath() + ": " + e.getMessage());
            }
            for (String name : properties.stringPropertyNames()) {
                merged.put(name, properties.getProperty(name).trim());
            }
        }
        for (Map.Entry<String, String> e : environment.entrySet()) {
            if (e.getKey().startsWith("TELCRED_")) {
                merged.put(e.getKey(), e.getValue());
            }
        }
        for (String key : merged.keySet()) {
            if (!KNOWN.containsKey(key)) {
                throw new ConfigException("unknown setting " + key + " (every setting is listed in the README)");
            }
        }
        return new Config(merged);
    }

    /** A copy with one setting replaced; used by tests and the command line. */
    public Config with(String key, String value) {
        if (!KNOWN.containsKey(key)) {
            throw new ConfigException("unknown setting " + key);
        }
        Map<String, String> copy = new HashMap<>(values);
        copy.put(key, value);
        return new Config(copy);
    }

    @Override
    public <T> T get(Setting<T> setting) {
        if (!KNOWN.containsKey(setting.name())) {
            throw new IllegalArgumentException(setting.name() + " is not in the list of settings");
        }
        String text = values.getOrDefault(setting.name(), setting.defaultText());
        try {
            return setting.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting.name() + " " + e.getMessage());
        }
    }

    public Path dataDir() {
        return get(Settings.DATA_DIR);
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

    /** A setting that cannot be used; the message says which and why, never its value if secret. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
