package io.telcred.store;

import io.telcred.common.Page;
import io.telcred.common.PageRequest;
import io.telcred.connection.ConnectionQuery;
import io.telcred.connection.ConnectionRepository;
import io.telcred.connection.ConnectionState;
import io.telcred.connection.CredentialConnection;
import io.telcred.connection.RemovedLogin;
import io.telcred.json.SettingsJson;
import io.telcred.secret.SipSecret;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;

public final class JdbiConnectionRepository implements ConnectionRepository {

    private static final RowMapper<CredentialConnection> MAPPER = (rs, ctx) -> new CredentialConnection(
            rs.getLong("id"), rs.getString("account_id"), rs.getString("connection_name"), rs.getString("user_name"),
            new SipSecret(rs.getString("password_sealed"), rs.getString("ha1_realm"), rs.getString("ha1_md5"),
                    rs.getString("ha1_sha256")),
            rs.getBoolean("active"), SettingsJson.read(rs.getString("settings")),
            Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));

    private final Sql sql;

    public JdbiConnectionRepository(Jdbi jdbi) {
        this.sql = Sql.of(jdbi);
    }

    @Override
    public void insert(CredentialConnection c) {
        Rows.write(() -> sql.useHandle(h -> bindAll(h.createUpdate("""
                INSERT INTO credential_connections (id, account_id, connection_name, connection_name_lower, user_name,
                    user_name_lower, password_sealed, ha1_realm, ha1_md5, ha1_sha256, active, outbound_voice_profile_id,
                    settings, created_at, updated_at)
                VALUES (:id, :accountId, :connectionName, :connectionNameLower, :userName, :userNameLower,
                    :passwordSealed, :ha1Realm, :ha1Md5, :ha1Sha256, :active, :outboundVoiceProfileId, :settings,
                    :createdAt, :updatedAt)"""), c).execute()));
    }

    @Override
    public void update(CredentialConnection c) {
        Rows.write(() -> sql.useHandle(h -> bindAll(h.createUpdate("""
                UPDATE credential_connections SET connection_name = :connectionName,
                    connection_name_lower = :connectionNameLower, user_name = :userName, user_name_lower = :userNameLower,
                    password_sealed = :passwordSealed, ha1_realm = :ha1Realm, ha1_md5 = :ha1Md5, ha1_sha256 = :ha1Sha256,
                    active = :active, outbound_voice_profile_id = :outboundVoiceProfileId, settings = :settings,
                    updated_at = :updatedAt
                WHERE id = :id AND account_id = :accountId"""), c).execute()));
    }

    private static Update bindAll(Update update, CredentialConnection c) {
        return update.bind("id", c.id()).bind("accountId", c.accountId())
                .bind("connectionName", c.connectionName())
                .bind("connectionNameLower", c.connectionName().toLowerCase(Locale.ROOT))
                .bind("userName", c.userName()).bind("userNameLower", c.userName().toLowerCase(Locale.ROOT))
                .bind("passwordSealed", c.secret().sealed()).bind("ha1Realm", c.secret().realm())
                .bind("ha1Md5", c.secret().ha1Md5()).bind("ha1Sha256", c.secret().ha1Sha256())
                .bind("active", c.active())
                .bind("outboundVoiceProfileId", c.settings().outboundVoiceProfileId())
                .bind("settings", SettingsJson.write(c.settings()).toString())
                .bind("createdAt", Rows.millis(c.createdAt())).bind("updatedAt", Rows.millis(c.updatedAt()));
    }

    @Override
    public List<RemovedLogin> delete(long id) {
        return sql.inTransaction(h -> {
            List<RemovedLogin> names = h.createQuery("SELECT id, sip_username FROM telephony_credentials WHERE connection_id = :id")
                    .bind("id", id).map((rs, ctx) -> new RemovedLogin(rs.getString("id"), rs.getString("sip_username"))).list();
            h.createUpdate("DELETE FROM telephony_credentials WHERE connection_id = :id").bind("id", id).execute();
            h.createUpdate("DELETE FROM credential_connections WHERE id = :id").bind("id", id).execute();
            return names;
        });
    }

    @Override
    public Optional<CredentialConnection> find(String accountId, long id) {
        return sql.withHandle(h -> h.createQuery("SELECT * FROM credential_connections WHERE id = :id AND account_id = :accountId")
                .bind("id", id).bind("accountId", accountId).map(MAPPER).findOne());
    }

    @Override
    public Optional<CredentialConnection> findByUserName(String userName) {
        return sql.withHandle(h -> h.createQuery("SELECT * FROM credential_connections WHERE user_name_lower = :name")
                .bind("name", userName.toLowerCase(Locale.ROOT)).map(MAPPER).findOne());
    }

    @Override
    public Optional<ConnectionState> state(long id) {
        return sql.withHandle(h -> h.createQuery("SELECT account_id, active FROM credential_connections WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> new ConnectionState(rs.getString("account_id"), rs.getBoolean("active")))
                .findOne());
    }

    @Override
    public boolean userNameTaken(String userName) {
        return sql.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM credential_connections WHERE user_name_lower = :name")
                .bind("name", userName.toLowerCase(Locale.ROOT)).mapTo(Long.class).one()) > 0;
    }

    @Override
    public Page<CredentialConnection> list(String accountId, ConnectionQuery query, PageRequest page) {
        Filters filters = new Filters().where("account_id = :accountId", "accountId", accountId);
        if (query.nameContains() != null) {
            filters.where("connection_name_lower LIKE :name ESCAPE '\\'", "name",
                    "%" + Rows.likeLiteral(query.nameContains().toLowerCase(Locale.ROOT)) + "%");
        }
        if (query.fqdn() != null) {
            filters.where("1 = 0");
        }
        if (query.outboundVoiceProfileId() != null) {
            filters.where("outbound_voice_profile_id = :ovp", "ovp", query.outboundVoiceProfileId());
        }
        ConnectionQuery.Sort sort = query.sort();
        String column = switch (sort.field()) {
            case "connection_name" -> "connection_name_lower";
            case "active" -> "active";
            default -> "created_at";
        };
        String direction = sort.descending() ? " DESC" : " ASC";
        String orderBy = column + direction + ", id" + direction;
        return sql.withHandle(h -> filters.page(h, "SELECT *", "credential_connections", orderBy, page, MAPPER));
    }
}
