package io.telcred.store;

import io.telcred.user.Invite;
import io.telcred.user.PortalSession;
import io.telcred.user.PortalUser;
import io.telcred.user.Role;
import io.telcred.user.UserRepository;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

public final class JdbiUserRepository implements UserRepository {

    private static final RowMapper<PortalUser> USER = (rs, ctx) -> new PortalUser(rs.getString("id"),
            rs.getString("account_id"), rs.getString("email"), Role.valueOf(rs.getString("role")),
            rs.getString("password_hash"), Rows.instant(rs, "created_at"));
    private static final RowMapper<Invite> INVITE = (rs, ctx) -> new Invite(rs.getString("token_hash"),
            rs.getString("account_id"), rs.getString("email"), Role.valueOf(rs.getString("role")),
            rs.getString("invited_by"), Rows.instant(rs, "created_at"), Rows.instant(rs, "expires_at"));
    private static final RowMapper<PortalSession> SESSION = (rs, ctx) -> new PortalSession(rs.getString("token_hash"),
            rs.getString("user_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "expires_at"));

    private final Sql sql;

    public JdbiUserRepository(Jdbi jdbi) {
        this.sql = Sql.of(jdbi);
    }

    @Override
    public void insert(PortalUser user) {
        Rows.write(() -> sql.useHandle(h -> h.createUpdate("""
                        INSERT INTO portal_users (id, account_id, email, email_lower, role, password_hash, created_at)
                        VALUES (:id, :accountId, :email, :emailLower, :role, :hash, :createdAt)""")
                .bind("id", user.id()).bind("accountId", user.accountId()).bind("email", user.email())
                .bind("emailLower", user.email().toLowerCase(Locale.ROOT)).bind("role", user.role().name())
                .bind("hash", user.passwordHash()).bind("createdAt", Rows.millis(user.createdAt())).execute()));
    }

    @Override
    public Optional<PortalUser> find(String id) {
        return sql.withHandle(h -> h.createQuery("SELECT * FROM portal_users WHERE id = :id").bind("id", id)
                .map(USER).findOne());
    }

    @Override
    public Optional<PortalUser> findByEmail(String email) {
        return sql.withHandle(h -> h.createQuery("SELECT * FROM portal_users WHERE email_lower = :email")
                .bind("email", email.toLowerCase(Locale.ROOT)).map(USER).findOne());
    }

    @Override
    public List<PortalUser> forAccount(String accountId) {
        return sql.withHandle(h -> h.createQuery(
                        "SELECT * FROM portal_users WHERE account_id = :accountId ORDER BY created_at, id")
                .bind("accountId", accountId).map(USER).list());
    }

    @Override
    public long count() {
        return sql.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM portal_users").mapTo(Long.class).one());
    }

    @Override
    public void updatePasswordHash(String userId, String passwordHash) {
        sql.useHandle(h -> h.createUpdate("UPDATE portal_users SET password_hash = :hash WHERE id = :id")
                .bind("hash", passwordHash).bind("id", userId).execute());
    }

    @Override
    public boolean delete(String accountId, String userId) {
        return sql.inTransaction(h -> {
            h.createUpdate("DELETE FROM portal_sessions WHERE user_id = :id").bind("id", userId).execute();
            return h.createUpdate("DELETE FROM portal_users WHERE id = :id AND account_id = :accountId")
                    .bind("id", userId).bind("accountId", accountId).execute() > 0;
        });
    }

    @Override
    public void insertInvite(Invite invite) {
        Rows.write(() -> sql.useHandle(h -> h.createUpdate("""
                        INSERT INTO portal_invites (token_hash, account_id, email, email_lower, role, invited_by, created_at,
                                                    expires_at)
                        VALUES (:hash, :accountId, :email, :emailLower, :role, :invitedBy, :createdAt, :expiresAt)""")
                .bind("hash", invite.tokenHash()).bind("accountId", invite.accountId()).bind("email", invite.email())
                .bind("emailLower", invite.email().toLowerCase(Locale.ROOT)).bind("role", invite.role().name())
                .bind("invitedBy", invite.invitedBy()).bind("createdAt", Rows.millis(invite.createdAt()))
                .bind("expiresAt", Rows.millis(invite.expiresAt())).execute()));
    }

    @Override
    public Optional<Invite> findInvite(String tokenHash) {
        return sql.withHandle(h -> h.createQuery("SELECT * FROM portal_invites WHERE token_hash = :hash")
                .bind("hash", tokenHash).map(INVITE).findOne());
    }

    @Override
    public List<Invite> invites(String accountId, Instant now) {
        return sql.withHandle(h -> h.createQuery("""
                        SELECT * FROM portal_invites WHERE account_id = :accountId AND expires_at > :now
                        ORDER BY created_at, token_hash""")
                .bind("accountId", accountId).bind("now", Rows.millis(now)).map(INVITE).list());
    }

    @Override
    public boolean deleteInvite(String accountId, String tokenHash) {
        return sql.withHandle(h -> h.createUpdate(
                        "DELETE FROM portal_invites WHERE token_hash = :hash AND account_id = :accountId")
                .bind("hash", tokenHash).bind("accountId", accountId).execute()) > 0;
    }

    @Override
    public void insertSession(PortalSession session) {
        sql.useHandle(h -> h.createUpdate("""
                        INSERT INTO portal_sessions (token_hash, user_id, created_at, expires_at)
                        VALUES (:hash, :userId, :createdAt, :expiresAt)""")
                .bind("hash", session.tokenHash()).bind("userId", session.userId())
                .bind("createdAt", Rows.millis(session.createdAt())).bind("expiresAt", Rows.millis(session.expiresAt()))
                .execute());
    }

    @Override
    public Optional<PortalSession> findSession(String tokenHash) {
        return sql.withHandle(h -> h.createQuery("SELECT * FROM portal_sessions WHERE token_hash = :hash")
                .bind("hash", tokenHash).map(SESSION).findOne());
    }

    @Override
    public void deleteSession(String tokenHash) {
        sql.useHandle(h -> h.createUpdate("DELETE FROM portal_sessions WHERE token_hash = :hash")
                .bind("hash", tokenHash).execute());
    }

    @Override
    public void purgeExpired(Instant now) {
        sql.useHandle(h -> {
            h.createUpdate("DELETE FROM portal_sessions WHERE expires_at <= :now").bind("now", Rows.millis(now)).execute();
            h.createUpdate("DELETE FROM portal_invites WHERE expires_at <= :now").bind("now", Rows.millis(now)).execute();
        });
    }
}
