package io.telcred.store;

import io.telcred.event.DomainEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.crypto.SecretBox;
import io.telcred.token.SigningKey;
import io.telcred.token.SigningKeys;
import io.telcred.token.StoredSigningKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class JdbiSigningKeyRepositoryTest {

    private static final Instant T0 = Instant.parse("2030-01-15T10:00:00.123Z");

    private final JdbiSigningKeyRepository repository = new JdbiSigningKeyRepository(migratedDatabase());

    private static Jdbi migratedDatabase() {
        String url = "jdbc:h2:mem:keys" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "", "").load().migrate();
        return Jdbi.create(url);
    }

    private static StoredSigningKey key(String kid, Instant createdAt) {
        return new StoredSigningKey(kid, "v1:sealed-" + kid, "{\"kty\":\"EC\",\"kid\":\"" + kid + "\"}", createdAt, null);
    }

    @Test
    void insertedKeysComeBackOldestFirstWithMillisecondTimes() {
        repository.insert(key("kid-b", T0.plusSeconds(10)));
        repository.insert(key("kid-a", T0));

        assertThat(repository.all()).containsExactly(key("kid-a", T0), key("kid-b", T0.plusSeconds(10)));
        assertThat(repository.all().get(0).retiredAt()).isNull();
    }

    @Test
    void aKidCanBeStoredOnlyOnce() {
        repository.insert(key("kid-a", T0));

        assertThatThrownBy(() -> repository.insert(key("kid-a", T0.plusSeconds(1)))).isInstanceOf(RuntimeException.class);
        assertThat(repository.all()).hasSize(1);
    }

    @Test
    void retireRecordsTheFirstRetirementOnly() {
        repository.insert(key("kid-a", T0));

        repository.retire("kid-a", T0.plusSeconds(60));
        repository.retire("kid-a", T0.plusSeconds(120));

        assertThat(repository.all().get(0).retiredAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void deleteRemovesOnlyThatKey() {
        repository.insert(key("kid-a", T0));
        repository.insert(key("kid-b", T0.plusSeconds(1)));

        repository.delete("kid-a");
        repository.delete("no-such-kid");

        assertThat(repository.all()).extracting(StoredSigningKey::kid).containsExactly("kid-b");
    }

    @Test
    void signingKeysWorkOverTheDatabaseAcrossNodes() {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        SecretBox box = new SecretBox(new byte[32]);
        Duration keep = Duration.ofHours(24).plusMinutes(1);
        SigningKeys nodeA = new SigningKeys(repository, box, clock, Duration.ofMinutes(1), keep, new DomainEvents());
        SigningKeys nodeB = new SigningKeys(repository, box, clock, Duration.ofMinutes(1), keep, new DomainEvents());

        SigningKey first = nodeA.ensureSigningKey();
        SigningKey second = nodeA.rotate();

        assertThat(nodeB.find(second.kid())).isPresent();
        assertThat(nodeB.find(first.kid())).get().extracting(SigningKey::retired).isEqualTo(true);
        assertThat(nodeB.signingKey().kid()).isEqualTo(second.kid());
        assertThat(repository.all()).allSatisfy(row -> assertThat(row.privateKeySealed()).startsWith("v1:"));
    }
}
