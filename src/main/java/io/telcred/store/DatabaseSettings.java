package io.telcred.store;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.time.Duration;
import java.util.Optional;

/**
 * Which database, how many connections to it, and how long a request waits for one.
 *
 * @param url        a JDBC URL of PostgreSQL; empty for the embedded H2 file in the data directory
 * @param poolSize   connections kept open
 * @param timeout    longest wait for a connection (and for a check that one still works): past it
 *                   the database counts as unreachable and the request is answered "retry later"
 * @param retryAfter what such an answer tells the client to wait
 * @param embeddedWriteDelay how long the embedded H2 may keep a commit in memory before writing it:
 *                   0 (H2's own default is 500 ms) makes every 2xx survive a killed process
 */
public record DatabaseSettings(Optional<String> url, String user, String password, int poolSize, Duration timeout,
                               Duration retryAfter, Duration embeddedWriteDelay) {

    public static final Setting<Optional<String>> URL = Setting.optional("TELCRED_DATABASE_URL",
            "a PostgreSQL JDBC URL, e.g. `jdbc:postgresql://127.0.0.1:5432/telcred`; unset means the embedded H2 file "
                    + "`DATA_DIR/telcred.mv.db`");
    public static final Setting<String> USER = Setting.text("TELCRED_DATABASE_USER", "", "database user");
    public static final Setting<String> PASSWORD = Setting.text("TELCRED_DATABASE_PASSWORD", "", "database password");
    public static final Setting<Integer> POOL_SIZE = Setting.integer("TELCRED_DATABASE_POOL_SIZE", 16, 1, 1_000,
            "database connections kept open");
    // The pool refuses less than 250 ms.
    public static final Setting<Duration> TIMEOUT = Setting.millis("TELCRED_DATABASE_TIMEOUT_MS", 500, 250, 60_000,
            "longest wait for a database connection; past it (or when a connection breaks) the database counts as "
                    + "unreachable: REST answers 503 with `Retry-After`, `/ready` answers 503");
    public static final Setting<Duration> EMBEDDED_WRITE_DELAY = Setting.millis("TELCRED_DATABASE_EMBEDDED_WRITE_DELAY_MS",
            0, 0, 10_000, "embedded H2 only: how long a commit may stay in memory before it is written to the file; `0` "
                    + "writes it before the answer, so that a 2xx survives `kill -9` (at a cost in creates per second and "
                    + "in file writes, see Durability below); above 0, a killed server loses the writes of that last moment");
    public static final Setting<Duration> RETRY_AFTER = Setting.seconds("TELCRED_DATABASE_RETRY_AFTER_SECONDS", 2, 1, 3_600,
            "the `Retry-After` of answers given while the database is unreachable");

    public static DatabaseSettings from(SettingValues values) {
        return new DatabaseSettings(values.get(URL), values.get(USER), values.get(PASSWORD), values.get(POOL_SIZE),
                values.get(TIMEOUT), values.get(RETRY_AFTER), values.get(EMBEDDED_WRITE_DELAY));
    }

    /** Leaves out the password: this may end up in a log line. */
    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url.orElse("(embedded)") + ", user=" + user + ", poolSize=" + poolSize
                + ", timeout=" + timeout.toMillis() + " ms]";
    }
}
