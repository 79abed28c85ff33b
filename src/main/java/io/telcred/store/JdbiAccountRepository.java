package io.telcred.store;

import io.telcred.account.Account;
import io.telcred.account.AccountRepository;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

public final class JdbiAccountRepository implements AccountRepository {

    private static final RowMapper<Account> MAPPER = (rs, ctx) -> new Account(rs.getString("id"), rs.getString("name"),
            rs.getBoolean("is_default"), Rows.instant(rs, "created_at"));

    private final Sql sql;

    public JdbiAccountRepository(Jdbi jdbi) {
        this.sql = Sql.of(jdbi);
    }

    @Override
    public void insert(Account account) {
        Rows.write(() -> sql.useHandle(h -> h.createUpdate(
                        "INSERT INTO accounts (id, name, is_default, created_at) VALUES (:id, :name, :isDefault, :createdAt)")
                .bind("id", account.id()).bind("name", account.name()).bind("isDefault", account.isDefault())
                .bind("createdAt", Rows.millis(account.createdAt())).execute()));
    }

    @Override
    public Optional<Account> find(String id) {
        return sql.withHandle(h -> h.createQuery("SELECT * FROM accounts WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    @Override
    public Optional<Account> findDefault() {
        return sql.withHandle(h -> h.createQuery("SELECT * FROM accounts WHERE is_default = TRUE")
                .map(MAPPER).findFirst());
    }

    @Override
    public List<Account> all() {
        return sql.withHandle(h -> h.createQuery("SELECT * FROM accounts ORDER BY created_at, id").map(MAPPER).list());
    }
}
