package io.telcred.store;

import io.telcred.account.ApiKey;
import io.telcred.account.ApiKeyRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

public final class JdbiApiKeyRepository implements ApiKeyRepository {

    private static final RowMapper<ApiKey> MAPPER = (rs, ctx) -> new ApiKey(rs.getString("id"),
            rs.getString("account_id"), rs.getString("key_hash"), rs.getString("key_prefix"),
            rs.getString("description"), Rows.instant(rs, "created_at"), Rows.instant(rs, "revoked_at"),
            Rows.instant(rs, "last_used_at"));

    private final Sql sql;

    public JdbiApiKeyRepository(Jdbi jdbi) {
        this.sql = Sql.of(jdbi);
    }

    @Override
    public void insert(ApiKey key) {
        Rows.write(() -> sql.useHandle(h -> h.createUpdate("""
                        INSERT INTO api_keys (id, account_id, key_hash, key_prefix, description, created_at, revoked_at)
                        VALUES (:id, :accountId, :hash, :prefix, :description, :createdAt, NULL)""")
                .bind("id", key.id()).bind("accountId", key.accountId()).bind("hash", key.keyHash())
                .bind("prefix", key.prefix()).bind("description", key.description())
                .bind("createdAt", Rows.millis(key.createdAt())).execute()));
    }

    @Override
    public Optional<ApiKey> findByHash(String keyHash) {
        return sql.withHandle(h -> h.createQuery("SELECT * FROM api_keys WHERE key_hash = :hash")
                .bind("hash", keyHash).map(MAPPER).findOne());
    }

    @Override
    public List<ApiKey> forAccount(String accountId) {
        return sql.withHandle(h -> h.createQuery("SELECT * FROM api_keys WHERE account_id = :accountId ORDER BY created_at, id")
                .bind("accountId", accountId).map(MAPPER).list());
    }

    @Override
    public boolean revoke(String keyId, Instant at) {
        return sql.withHandle(h -> h.createUpdate("UPDATE api_keys SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                .bind("at", at.toEpochMilli()).bind("id", keyId).execute()) > 0;
    }

    @Override
    public boolean revoke(String accountId, String keyId, Instant at) {
        return sql.withHandle(h -> h.createUpdate("""
                        UPDATE api_keys SET revoked_at = :at
                        WHERE id = :id AND account_id = :accountId AND revoked_at IS NULL""")
                .bind("at", at.toEpochMilli()).bind("id", keyId).bind("accountId", accountId).execute()) > 0;
    }

    @Override
    public void used(String keyId, Instant at) {
        sql.useHandle(h -> h.createUpdate("UPDATE api_keys SET last_used_at = :at WHERE id = :id")
                .bind("at", at.toEpochMilli()).bind("id", keyId).execute());
    }
}
