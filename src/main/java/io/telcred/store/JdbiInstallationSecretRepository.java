package io.telcred.store;

import io.telcred.common.UniqueViolationException;
import io.telcred.secret.InstallationSecretRepository;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbiInstallationSecretRepository implements InstallationSecretRepository {

    private final Sql sql;

    public JdbiInstallationSecretRepository(Jdbi jdbi) {
        this.sql = Sql.of(jdbi);
    }

    @Override
    public Optional<String> find(String name) {
        return sql.withHandle(h -> h.createQuery("SELECT sealed FROM installation_secrets WHERE name = :name")
                .bind("name", name).mapTo(String.class).findOne());
    }

    @Override
    public String insertIfAbsent(String name, String sealed, Instant createdAt) {
        try {
            Rows.write(() -> sql.useHandle(h -> h.createUpdate("""
                            INSERT INTO installation_secrets (name, sealed, created_at) VALUES (:name, :sealed, :createdAt)""")
                    .bind("name", name).bind("sealed", sealed).bind("createdAt", Rows.millis(createdAt)).execute()));
            return sealed;
        } catch (UniqueViolationException e) {
            // Two nodes started at once: the first secret stored is the installation's.
            return find(name).orElseThrow(() -> e);
        }
    }
}
