package io.telcred.store;

import io.telcred.common.UniqueViolationException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Small conversions shared by the repositories. */
final class Rows {

    /** SQLSTATE of a unique constraint violation on both H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    private Rows() {
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    /** Runs a write, turning a unique-key violation into the domain's exception. */
    static void write(Runnable statement) {
        try {
            statement.run();
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                throw new UniqueViolationException("a unique value is already taken", e);
            }
            throw e;
        }
    }

    /** Escapes LIKE wildcards so user text matches literally (with {@code ESCAPE '\'}). */
    static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
