package io.telcred.store;

import io.telcred.token.SigningKeyRepository;
import io.telcred.token.StoredSigningKey;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

public final class JdbiSigningKeyRepository implements SigningKeyRepository {

    private static final RowMapper<StoredSigningKey> MAPPER = (rs, ctx) -> new StoredSigningKey(
            rs.getString("kid"), rs.getString("private_key_sealed"), rs.getString("public_jwk"),
            Rows.instant(rs, "created_at"), Rows.instant(rs, "retired_at"));

    private final Sql sql;

    public JdbiSigningKeyRepository(Jdbi jdbi) {
        this.sql = Sql.of(jdbi);
    }

    @Override
    public List<StoredSigningKey> all() {
        return sql.withHandle(h -> h.createQuery("""
                        SELECT kid, private_key_sealed, public_jwk, created_at, retired_at
                        FROM signing_keys ORDER BY created_at, kid""")
                .map(MAPPER).list());
    }

    @Override
    public void insert(StoredSigningKey key) {
        Rows.write(() -> sql.useHandle(h -> h.createUpdate("""
                        INSERT INTO signing_keys (kid, private_key_sealed, public_jwk, created_at, retired_at)
                        VALUES (:kid, :privateKeySealed, :publicJwk, :createdAt, :retiredAt)""")
                .bind("kid", key.kid())
                .bind("privateKeySealed", key.privateKeySealed())
                .bind("publicJwk", key.publicJwk())
                .bind("createdAt", Rows.millis(key.createdAt()))
                .bind("retiredAt", Rows.millis(key.retiredAt()))
                .execute()));
    }

    /** Keeps an earlier retirement time, so retiring a key twice does not postpone its deletion. */
    @Override
    public void retire(String kid, Instant at) {
        sql.useHandle(h -> h.createUpdate("UPDATE signing_keys SET retired_at = :at WHERE kid = :kid AND retired_at IS NULL")
                .bind("at", Rows.millis(at)).bind("kid", kid).execute());
    }

    @Override
    public void delete(String kid) {
        sql.useHandle(h -> h.createUpdate("DELETE FROM signing_keys WHERE kid = :kid").bind("kid", kid).execute());
    }
}
