package io.telcred.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2's housekeeping, done here because {@code WRITE_DELAY=0} turns H2's own off.
 *
 * <p>H2 appends every stored commit to its file as a new chunk, and later rewrites the pages still
 * alive in old, mostly dead chunks so that those can be freed. That rewriting runs on H2's
 * background writer thread, which H2 starts only when commits are written late (a write delay
 * above 0). With commits written before they are answered, nothing would rewrite old chunks once
 * H2's retention time (45 s) has passed, and a chunk keeping a few live pages would keep its whole
 * space. This task does what that thread would: rewrite the live pages of the emptiest chunks, a
 * bounded amount at a time. It reaches H2's store through its public classes for embedded use.
 */
final class EmbeddedHousekeeping implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedHousekeeping.class);
    /** H2's own default ({@code autoCompactFillRate}): chunks less full than this are rewritten. */
    static final int TARGET_FILL_RATE_PERCENT = 90;
    /** Live data rewritten per run, at most: a few milliseconds of disk time, not a pause. */
    static final int REWRITE_BYTES_PER_RUN = 2 * 1024 * 1024;

    private final DataSource dataSource;

    EmbeddedHousekeeping(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void run() {
        try (Connection connection = dataSource.getConnection()) {
            MVStore store = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession())
                    .getDatabase().getStore().getMvStore();
            store.compact(TARGET_FILL_RATE_PERCENT, REWRITE_BYTES_PER_RUN);
        } catch (SQLException | RuntimeException e) {
            // The next run tries again; a closed database during shutdown lands here too.
            LOG.debug("embedded database housekeeping skipped: {}", e.toString());
        }
    }
}
