package io.telcred.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.telcred.metrics.Metrics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The connection pool, the migrations and JDBI over one database: an H2 file in the data
 * directory by default, or PostgreSQL when a URL is given. The same migrations run on both.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean embedded;
    private final Duration timeout;
    private final boolean writesEveryCommit;

    private Database(HikariDataSource dataSource, boolean embedded, DatabaseSettings settings) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        // While it is down, the database is probed no more often than a probe can take (the pool's wait).
        this.jdbi.getConfig(RetryAfter.class).duration(settings.retryAfter()).probeInterval(settings.timeout());
        this.embedded = embedded;
        this.timeout = settings.timeout();
        this.writesEveryCommit = embedded && settings.embeddedWriteDelay().isZero();
    }

    /** Opens the database (the embedded H2 file {@code dataDir/telcred} when no URL is set) and brings its schema up to date. */
    public static Database open(DatabaseSettings settings, Path dataDir) {
        boolean embedded = settings.url().isEmpty();
        HikariConfig config = new HikariConfig();
        config.setPoolName("telcred-db");
        config.setJdbcUrl(settings.url().orElseGet(() -> embeddedUrl(dataDir, settings.embeddedWriteDelay())));
        if (!embedded) {
            config.setUsername(settings.user());
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        // A request waits this long for a connection, not Hikari's 30 s: an unreachable database
        // is then answered "retry later" at once instead of holding every request thread.
        config.setConnectionTimeout(settings.timeout().toMillis());
        config.setValidationTimeout(settings.timeout().toMillis());
        config.setExceptionOverrideClassName(EvictBrokenConnections.class.getName());
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource, embedded, settings);
    }

    /**
     * H2 in PostgreSQL mode; AUTO_SERVER lets the command line open the file while the server runs.
     * A WRITE_DELAY of 0 makes every commit write its chunk to the file before the commit returns:
     * with H2's default (500 ms) a commit lives only in memory until a background thread stores it,
     * and a killed process lost the last half second of acknowledged writes. The write reaches the
     * operating system, not the disk (no fsync): it survives the process, not a power cut.
     */
    static String embeddedUrl(Path dataDir, Duration writeDelay) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("telcred");
        return "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE"
                + ";WRITE_DELAY=" + writeDelay.toMillis();
    }

    /**
     * Why the database cannot serve requests now (no connection within the timeout, or one that
     * fails its check), or empty when it can.
     */
    public Optional<String> unavailable() {
        try (Connection connection = dataSource.getConnection()) {
            int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
            return connection.isValid(seconds) ? Optional.empty() : Optional.of("a connection failed its check");
        } catch (SQLException e) {
            return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /**
     * Work the database needs now and then: the embedded H2's housekeeping when it writes every
     * commit (see {@link EmbeddedHousekeeping}); nothing otherwise, H2's own thread or PostgreSQL
     * keeps house then.
     */
    public Runnable housekeeping() {
        return writesEveryCommit ? new EmbeddedHousekeeping(dataSource) : () -> { };
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The JDBC URL in use (it may carry a user name, never a password: those come from settings). */
    public String url() {
        return dataSource.getJdbcUrl();
    }

    public boolean embedded() {
        return embedded;
    }

    /** Shows the pool's connections, waits and timeouts in {@code metrics} ({@code hikaricp_*}). */
    public void countIn(Metrics metrics) {
        dataSource.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics.registry()));
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
