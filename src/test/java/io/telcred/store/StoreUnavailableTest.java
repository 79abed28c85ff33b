package io.telcred.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.common.StoreUnavailableException;
import io.telcred.testing.UnplugableDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unreachable database reaches the domain as {@link StoreUnavailableException}, with the
 * configured retry time, from every lookup the directory and the services make; a bad statement
 * does not.
 */
class StoreUnavailableTest {

    private final UnplugableDatabase server = new UnplugableDatabase();
    private Database database;

    @BeforeEach
    void open(@TempDir Path dataDir) {
        database = Database.open(new DatabaseSettings(Optional.of(server.url()), "sa", "", 4, Duration.ofMillis(300),
                Duration.ofSeconds(7), Duration.ZERO), dataDir);
    }

    @AfterEach
    void close() {
        database.close();
        server.close();
    }

    @Test
    void directoryLookupsFailAsUnavailableWhileTheDatabaseIsUnreachable() {
        JdbiCredentialRepository credentials = new JdbiCredentialRepository(database.jdbi());
        JdbiConnectionRepository connections = new JdbiConnectionRepository(database.jdbi());
        assertThat(credentials.findBySipUsername("gencrednobody")).isEmpty();
        assertThat(database.unavailable()).isEmpty();

        server.unplug();

        assertUnavailable(() -> credentials.findBySipUsername("gencrednobody"));
        assertUnavailable(() -> connections.findByUserName("nobody"));
        assertUnavailable(() -> connections.state(1L));
        assertUnavailable(() -> new JdbiAccountRepository(database.jdbi()).findDefault());
        assertThat(database.unavailable()).isPresent();

        server.plugIn();

        assertThat(recovers(() -> credentials.findBySipUsername("gencrednobody"))).isTrue();
        assertThat(database.unavailable()).isEmpty();
    }

    @Test
    void aBadStatementIsNotAnOutage() {
        assertThatThrownBy(() -> Sql.of(database.jdbi()).withHandle(h -> h.createQuery("SELECT * FROM no_such_table")
                .mapToMap().list()))
                .isNotInstanceOf(StoreUnavailableException.class);
    }

    /** Lookups are refused until a probe in the background finds the database back. */
    private static boolean recovers(Runnable lookup) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            try {
                lookup.run();
                return true;
            } catch (StoreUnavailableException stillBroken) {
                sleepQuietly();
            }
        }
        return false;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void assertUnavailable(Runnable lookup) {
        assertThatThrownBy(lookup::run)
                .isInstanceOfSatisfying(StoreUnavailableException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
    }
}
