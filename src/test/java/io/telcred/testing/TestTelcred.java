package io.telcred.testing;

import io.telcred.main.Config;
import io.telcred.main.Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A whole telcred started in-process on a free port, on a fresh database: an H2 file in a temporary
 * data directory by default, or a fresh schema of the PostgreSQL named by the system property
 * {@code telcred.test.database} (a JDBC URL), which {@code .ci/run} sets for the second pass.
 */
public final class TestTelcred implements AutoCloseable {

    public static final String BOOTSTRAP_KEY = "KEY00000000000000000000000000000000_testtesttesttesttestte";
    /** The first portal user, an owner of the default account. */
    public static final String OWNER_EMAIL = "owner@example.com";
    public static final String OWNER_PASSWORD = "owner-test-password-1";

    private final Path dataDir;
    /** The schema this instance made and drops, or null (H2, or a node joining another's). */
    private final String schema;
    private final String databaseUrl;
    private final Server server;

    private TestTelcred(Map<String, String> overrides, Clock clock) {
        this(overrides, clock, true);
    }

    private TestTelcred(Map<String, String> overrides, Clock clock, boolean ownDatabase) {
        try {
            this.dataDir = Files.createTempDirectory("telcred-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("TELCRED_DATA_DIR", dataDir.toString());
        env.put("TELCRED_HTTP_HOST", "127.0.0.1");
        env.put("TELCRED_HTTP_PORT", "0");
        env.put("TELCRED_HTTPS_PORT", "0");
        env.put("TELCRED_BOOTSTRAP_API_KEY", BOOTSTRAP_KEY);
        env.put("TELCRED_BOOTSTRAP_EMAIL", OWNER_EMAIL);
        env.put("TELCRED_BOOTSTRAP_PASSWORD", OWNER_PASSWORD);
        env.put("TELCRED_CONFIG_FILE", dataDir.resolve("none.properties").toString());
        env.put("TELCRED_SIP_BIND_HOST", "127.0.0.1");
        env.put("TELCRED_SIP_ADVERTISED_HOST", "127.0.0.1");
        for (String transport : new String[] {"UDP", "TCP", "TLS", "WS", "WSS"}) {
            env.put("TELCRED_SIP_" + transport + "_PORT", "0");
        }
        String postgres = postgresUrl();
        if (postgres != null && ownDatabase) {
            this.schema = "t_" + UUID.randomUUID().toString().replace("-", "");
            execute(postgres, "CREATE SCHEMA " + schema);
            env.put("TELCRED_DATABASE_URL", postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        } else {
            this.schema = null;
        }
        env.putAll(overrides);
        this.databaseUrl = env.get("TELCRED_DATABASE_URL");
        this.server = Server.start(Config.from(env), clock);
    }

    /**
     * Another node of the same installation as {@code first}: its database and master key, its own
     * data directory and ports. PostgreSQL only, as an embedded H2 belongs to one process.
     */
    public static TestTelcred joining(TestTelcred first, Map<String, String> overrides) {
        if (first.databaseUrl == null) {
            throw new IllegalStateException("several nodes need PostgreSQL (-Dtelcred.test.database)");
        }
        Map<String, String> env = new HashMap<>();
        env.put("TELCRED_DATABASE_URL", first.databaseUrl);
        try {
            env.put("TELCRED_MASTER_KEY", Files.readString(first.dataDir.resolve("master.key")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.putAll(overrides);
        return new TestTelcred(env, Clock.systemUTC(), false);
    }

    public static TestTelcred start() {
        return start(Map.of());
    }

    public static TestTelcred start(Map<String, String> overrides) {
        return new TestTelcred(overrides, Clock.systemUTC());
    }

    /** On a clock the test moves, such as a {@link MutableClock}: for expiries, without waiting for them. */
    public static TestTelcred start(Map<String, String> overrides, Clock clock) {
        return new TestTelcred(overrides, clock);
    }

    /** The PostgreSQL URL the suite runs on, or null for the embedded default. */
    public static String postgresUrl() {
        String database = System.getProperty("telcred.test.database", "h2");
        return database.startsWith("jdbc:postgresql:") ? database : null;
    }

    public Server server() {
        return server;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    public ApiClient client() {
        return new ApiClient(baseUrl(), BOOTSTRAP_KEY);
    }

    public ApiClient client(String apiKey) {
        return new ApiClient(baseUrl(), apiKey);
    }

    /** A second tenant: a new account and a client holding its key. */
    public ApiClient newAccountClient(String name) {
        String accountId = server.platform().accounts().createAccount(name).id();
        return client(server.platform().accounts().createApiKey(accountId, "test").plaintext());
    }

    /** A browser signed in to the portal as the default account's owner. */
    public PortalClient portal() {
        return new PortalClient(baseUrl()).signIn(OWNER_EMAIL, OWNER_PASSWORD);
    }

    /** A browser signed in as the owner of a new account: a second tenant in the portal. */
    public PortalClient newAccountPortal(String name) {
        String accountId = server.platform().accounts().createAccount(name).id();
        String email = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        server.platform().users().create(accountId, email, OWNER_PASSWORD, io.telcred.user.Role.OWNER);
        return new PortalClient(baseUrl()).signIn(email, OWNER_PASSWORD);
    }

    @Override
    public void close() {
        server.close();
        if (schema != null) {
            execute(postgresUrl(), "DROP SCHEMA " + schema + " CASCADE");
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the PostgreSQL test schema: " + e.getMessage(), e);
        }
    }
}
