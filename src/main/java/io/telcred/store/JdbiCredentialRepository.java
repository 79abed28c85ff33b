package io.telcred.store;

import io.telcred.common.Page;
import io.telcred.common.PageRequest;
import io.telcred.credential.CredentialQuery;
import io.telcred.credential.CredentialRepository;
import io.telcred.credential.TagCount;
import io.telcred.credential.TelephonyCredential;
import io.telcred.secret.SipSecret;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

public final class JdbiCredentialRepository implements CredentialRepository {

    private static final RowMapper<TelephonyCredential> MAPPER = (rs, ctx) -> new TelephonyCredential(
            rs.getString("id"), rs.getString("account_id"), rs.getLong("connection_id"), rs.getString("name"),
            rs.getString("tag"), rs.getString("sip_username"),
            new SipSecret(rs.getString("password_sealed"), rs.getString("ha1_realm"), rs.getString("ha1_md5"),
                    rs.getString("ha1_sha256")),
            rs.getBoolean("active"), Rows.instant(rs, "expires_at"), rs.getInt("token_generation"),
            Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));

    private static final RowMapper<TagCount> TAG_MAPPER = (rs, ctx) -> new TagCount(rs.getString("tag"), rs.getLong("amount"));

    private final Sql sql;

    public JdbiCredentialRepository(Jdbi jdbi) {
        this.sql = Sql.of(jdbi);
    }

    @Override
    public void insert(TelephonyCredential c) {
        Rows.write(() -> sql.useHandle(h -> h.createUpdate("""
                        INSERT INTO telephony_credentials (id, account_id, connection_id, name, tag, sip_username,
                            password_sealed, ha1_realm, ha1_md5, ha1_sha256, active, expires_at, token_generation,
                            created_at, updated_at)
                        VALUES (:id, :accountId, :connectionId, :name, :tag, :sipUsername, :passwordSealed, :ha1Realm,
                            :ha1Md5, :ha1Sha256, :active, :expiresAt, :tokenGeneration, :createdAt, :updatedAt)""")
                .bind("id", c.id()).bind("accountId", c.accountId()).bind("connectionId", c.connectionId())
                .bind("name", c.name()).bind("tag", c.tag()).bind("sipUsername", c.sipUsername())
                .bind("passwordSealed", c.secret().sealed()).bind("ha1Realm", c.secret().realm())
                .bind("ha1Md5", c.secret().ha1Md5()).bind("ha1Sha256", c.secret().ha1Sha256())
                .bind("active", c.active()).bind("expiresAt", Rows.millis(c.expiresAt()))
                .bind("tokenGeneration", c.tokenGeneration())
                .bind("createdAt", Rows.millis(c.createdAt())).bind("updatedAt", Rows.millis(c.updatedAt()))
                .execute()));
    }

    @Override
    public void update(TelephonyCredential c) {
        sql.useHandle(h -> h.createUpdate("""
                        UPDATE telephony_credentials SET connection_id = :connectionId, name = :name, tag = :tag,
                            active = :active, expires_at = :expiresAt, token_generation = :tokenGeneration,
                            updated_at = :updatedAt
                        WHERE id = :id AND account_id = :accountId""")
                .bind("id", c.id()).bind("accountId", c.accountId()).bind("connectionId", c.connectionId())
                .bind("name", c.name()).bind("tag", c.tag()).bind("active", c.active())
                .bind("expiresAt", Rows.millis(c.expiresAt())).bind("tokenGeneration", c.tokenGeneration())
                .bind("updatedAt", Rows.millis(c.updatedAt())).execute());
    }

    @Override
    public void delete(String id) {
        sql.useHandle(h -> h.createUpdate("DELETE FROM telephony_credentials WHERE id = :id").bind("id", id).execute());
    }

    @Override
    public Optional<TelephonyCredential> findById(String id) {
        return sql.withHandle(h -> h.createQuery("SELECT * FROM telephony_credentials WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    @Override
    public Optional<TelephonyCredential> findBySipUsername(String sipUsername) {
        return sql.withHandle(h -> h.createQuery("SELECT * FROM telephony_credentials WHERE sip_username = :name")
                .bind("name", sipUsername).map(MAPPER).findOne());
    }

    @Override
    public Page<TelephonyCredential> list(String accountId, CredentialQuery query, Instant now, PageRequest page) {
        Filters filters = new Filters().where("account_id = :accountId", "accountId", accountId);
        if (query.tag() != null) {
            filters.where("tag = :tag", "tag", query.tag());
        }
        if (query.name() != null) {
            filters.where("name = :name", "name", query.name());
        }
        if (query.connectionId() != null) {
            filters.where("connection_id = :connectionId", "connectionId", query.connectionId());
        }
        if (query.sipUsername() != null) {
            filters.where("sip_username = :sipUsername", "sipUsername", query.sipUsername());
        }
        if (query.text() != null) {
            filters.where("(LOWER(name) LIKE :text ESCAPE '!' OR LOWER(sip_username) LIKE :text ESCAPE '!')",
                    "text", Filters.containing(query.text()));
        }
        if (query.status() != null) {
            String notExpired = "(expires_at IS NULL OR expires_at > :now)";
            switch (query.status()) {
                case EXPIRED -> filters.where("expires_at <= :now", "now", now.toEpochMilli());
                case ACTIVE -> filters.where("active = TRUE AND " + notExpired, "now", now.toEpochMilli());
                case INACTIVE -> filters.where("active = FALSE AND " + notExpired, "now", now.toEpochMilli());
                default -> throw new IllegalArgumentException("unknown status " + query.status());
            }
        }
        return sql.withHandle(h -> filters.page(h, "SELECT *", "telephony_credentials",
                "created_at DESC, id DESC", page, MAPPER));
    }

    @Override
    public long countWithTag(String accountId, String tag) {
        return sql.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM telephony_credentials WHERE account_id = :accountId AND tag = :tag")
                .bind("accountId", accountId).bind("tag", tag).mapTo(Long.class).one());
    }

    @Override
    public Page<TagCount> tags(String accountId, PageRequest page) {
        Filters filters = new Filters().where("account_id = :accountId", "accountId", accountId).where("tag IS NOT NULL");
        String grouped = "(SELECT tag, COUNT(*) AS amount FROM telephony_credentials" + Filters.WHERE + " GROUP BY tag) tags";
        return sql.withHandle(h -> filters.page(h, "SELECT tag, amount", grouped, "tag ASC", page, TAG_MAPPER));
    }
}
