package io.telcred.store;

import io.telcred.common.UniqueViolationException;
import io.telcred.webhook.StoredWebhookKey;
import io.telcred.webhook.WebhookKeyRepository;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

public final class JdbiWebhookKeyRepository implements WebhookKeyRepository {

    /** The table holds one key: the installation's. */
    private static final String ID = "installation";
    private static final RowMapper<StoredWebhookKey> MAPPER = (rs, ctx) -> new StoredWebhookKey(
            rs.getString("private_key_sealed"), rs.getString("public_key"), Rows.instant(rs, "created_at"));

    private final Sql sql;

    public JdbiWebhookKeyRepository(Jdbi jdbi) {
        this.sql = Sql.of(jdbi);
    }

    @Override
    public Optional<StoredWebhookKey> find() {
        return sql.withHandle(h -> h.createQuery(
                        "SELECT private_key_sealed, public_key, created_at FROM webhook_signing_key WHERE id = :id")
                .bind("id", ID).map(MAPPER).findOne());
    }

    @Override
    public StoredWebhookKey insertIfAbsent(StoredWebhookKey key) {
        try {
            Rows.write(() -> sql.useHandle(h -> h.createUpdate("""
                            INSERT INTO webhook_signing_key (id, private_key_sealed, public_key, created_at)
                            VALUES (:id, :sealed, :publicKey, :createdAt)""")
                    .bind("id", ID).bind("sealed", key.privateKeySealed()).bind("publicKey", key.publicKey())
                    .bind("createdAt", Rows.millis(key.createdAt())).execute()));
            return key;
        } catch (UniqueViolationException e) {
            // Two nodes started at once: the first key stored is the installation's.
            return find().orElseThrow(() -> e);
        }
    }
}
