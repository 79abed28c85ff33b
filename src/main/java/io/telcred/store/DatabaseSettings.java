package io.telcred.store;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.util.Optional;

/**
 * Which database, and how many connections to it.
 *
 * @param url      a JDBC URL of PostgreSQL; empty for the embedded H2 file in the data directory
 * @param poolSize connections kept open
 */
public record DatabaseSettings(Optional<String> url, String user, String password, int poolSize) {

    public static final Setting<Optional<String>> URL = Setting.optional("TELCRED_DATABASE_URL",
            "a PostgreSQL JDBC URL, e.g. `jdbc:postgresql://127.0.0.1:5432/telcred`; unset means the embedded H2 file "
                    + "`DATA_DIR/telcred.mv.db`");
    public static final Setting<String> USER = Setting.text("TELCRED_DATABASE_USER", "", "database user");
    public static final Setting<String> PASSWORD = Setting.text("TELCRED_DATABASE_PASSWORD", "", "database password");
    public static final Setting<Integer> POOL_SIZE = Setting.integer("TELCRED_DATABASE_POOL_SIZE", 16, 1, 1_000,
            "database connections kept open");

    public static DatabaseSettings from(SettingValues values) {
        return new DatabaseSettings(values.get(URL), values.get(USER), values.get(PASSWORD), values.get(POOL_SIZE));
    }

    /** Leaves out the password: this may end up in a log line. */
    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url.orElse("(embedded)") + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
