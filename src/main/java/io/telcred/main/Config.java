package io.telcred.main;

import io.telcred.common.Cidr;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Every setting of telcred, read from {@code TELCRED_*} environment variables, then from an optional
 * properties file ({@code TELCRED_CONFIG_FILE}, default {@code telcred.properties} in the working
 * directory) with the same keys, then the defaults below. The README's table is generated from
 * {@link #DEFAULTS} and a test keeps the two in step.
 */
public final class Config {

    /** Each key with its default; an empty default means "unset". Order is the README's order. */
    public static final Map<String, String> DEFAULTS = defaults();

    private final Map<String, String> values;

    private Config(Map<String, String> values) {
        this.values = values;
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("TELCRED_DATA_DIR", "./data");
        d.put("TELCRED_HTTP_HOST", "0.0.0.0");
        d.put("TELCRED_HTTP_PORT", "8080");
        d.put("TELCRED_DATABASE_URL", "");
        d.put("TELCRED_DATABASE_USER", "");
        d.put("TELCRED_DATABASE_PASSWORD", "");
        d.put("TELCRED_DATABASE_POOL_SIZE", "16");
        d.put("TELCRED_MASTER_KEY", "");
        d.put("TELCRED_BOOTSTRAP_API_KEY", "");
        d.put("TELCRED_SIP_DOMAIN", "sip.telcred.local");
        d.put("TELCRED_SIP_BIND_HOST", "0.0.0.0");
        d.put("TELCRED_SIP_ADVERTISED_HOST", "");
        d.put("TELCRED_SIP_UDP_PORT", "5060");
        d.put("TELCRED_SIP_TCP_PORT", "5060");
        d.put("TELCRED_SIP_TLS_PORT", "5061");
        d.put("TELCRED_SIP_WS_PORT", "5066");
        d.put("TELCRED_SIP_WSS_PORT", "7443");
        d.put("TELCRED_SIP_TLS_CERTIFICATE", "");
        d.put("TELCRED_SIP_TLS_PRIVATE_KEY", "");
        d.put("TELCRED_SIP_MAX_MESSAGE_BYTES", "65535");
        d.put("TELCRED_SIP_MAX_HEADERS", "128");
        d.put("TELCRED_SIP_MAX_LINE_LENGTH", "8192");
        d.put("TELCRED_SIP_MAX_CONNECTIONS", "10000");
        d.put("TELCRED_SIP_UDP_THREADS", "0");
        d.put("TELCRED_SIP_IDLE_TIMEOUT_SECONDS", "600");
        d.put("TELCRED_SIP_MIN_EXPIRES", "60");
        d.put("TELCRED_SIP_MAX_EXPIRES", "3600");
        d.put("TELCRED_SIP_DEFAULT_EXPIRES", "3600");
        d.put("TELCRED_SIP_MAX_BINDINGS_PER_USER", "10");
        d.put("TELCRED_SIP_TIMER_T1_MS", "500");
        d.put("TELCRED_SIP_DIGEST_ALGORITHMS", "MD5");
        d.put("TELCRED_SIP_NONCE_SECRET", "");
        d.put("TELCRED_SIP_NONCE_LIFETIME_SECONDS", "300");
        d.put("TELCRED_SIP_MAX_TRACKED_NONCES", "6500000");
        d.put("TELCRED_SIP_TRUSTED_ADDRESSES", "");
        d.put("TELCRED_SIP_AUTH_SLOW_AFTER", "5");
        d.put("TELCRED_SIP_AUTH_SLOW_DELAY_MS", "2000");
        d.put("TELCRED_SIP_AUTH_BAN_AFTER", "20");
        d.put("TELCRED_SIP_AUTH_BAN_USERNAMES", "10");
        d.put("TELCRED_SIP_AUTH_WINDOW_SECONDS", "60");
        d.put("TELCRED_SIP_AUTH_BAN_SECONDS", "900");
        d.put("TELCRED_TOKEN_ISSUER", "telnyx_telephony");
        d.put("TELCRED_TOKEN_AUDIENCE", "telnyx_telephony");
        d.put("TELCRED_TOKEN_TTL_SECONDS", "86400");
        d.put("TELCRED_TOKEN_LEEWAY_SECONDS", "30");
        d.put("TELCRED_SIGNING_KEY_REFRESH_SECONDS", "60");
        d.put("TELCRED_HTTP_MAX_THREADS", "200");
        d.put("TELCRED_HTTP_MAX_BODY_BYTES", "65536");
        d.put("TELCRED_HTTP_MAX_PAGE_SIZE", "250");
        d.put("TELCRED_MAX_CREDENTIALS_PER_TAG", "1000");
        d.put("TELCRED_API_AUTH_FAILURES_PER_MINUTE", "20");
        d.put("TELCRED_API_KEY_CACHE_SECONDS", "5");
        d.put("TELCRED_REVERSE_PROXIES", "");
        d.put("TELCRED_DIRECTORY_CACHE_SIZE", "1000000");
        d.put("TELCRED_LOG_LEVEL", "INFO");
        d.put("TELCRED_CONFIG_FILE", "telcred.properties");
        return java.util.Collections.unmodifiableMap(d);
    }

    /** Reads the process environment and the optional file. */
    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads the given environment (tests pass their own) and the optional file it names. */
    public static Config from(Map<String, String> environment) {
        Map<String, String> merged = new HashMap<>();
        String file = environment.getOrDefault("TELCRED_CONFIG_FILE", DEFAULTS.get("TELCRED_CONFIG_FILE"));
        Path path = Path.of(file);
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
            if (!DEFAULTS.containsKey(key)) {
                throw new ConfigException("unknown setting " + key + " (every setting is listed in the README)");
            }
        }
        Map<String, String> values = new HashMap<>(DEFAULTS);
        values.putAll(merged);
        return new Config(values);
    }

    /** A copy with some settings replaced; used by tests and the command line. */
    public Config with(String key, String value) {
        if (!DEFAULTS.containsKey(key)) {
            throw new ConfigException("unknown setting " + key);
        }
        Map<String, String> copy = new HashMap<>(values);
        copy.put(key, value);
        return new Config(copy);
    }

    public String string(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new ConfigException("unknown setting " + key);
        }
        return value;
    }

    public boolean isSet(String key) {
        return !string(key).isBlank();
    }

    public int integer(String key, int min, int max) {
        String raw = string(key).trim();
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw new ConfigException(key + " must be between " + min + " and " + max + ", is " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, is '" + raw + "'");
        }
    }

    public Duration seconds(String key, int min, int max) {
        return Duration.ofSeconds(integer(key, min, max));
    }

    /** A comma-separated list of networks such as {@code 10.0.0.0/8, ::1}: address literals only, never names. */
    public List<String> networks(String key) {
        String text = string(key);
        List<String> networks = text.isBlank() ? List.of()
                : Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String network : networks) {
            try {
                Cidr.parse(network);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ": " + e.getMessage());
            }
        }
        return networks;
    }

    public Path dataDir() {
        return Path.of(string("TELCRED_DATA_DIR"));
    }

    /** A setting that cannot be used; the message says which and why, never its value if secret. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
