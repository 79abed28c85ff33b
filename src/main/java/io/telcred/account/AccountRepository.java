package io.telcred.account;

import java.util.List;
import java.util.Optional;

public interface AccountRepository {

    void insert(Account account);

    Optional<Account> find(String id);

    Optional<Account> findDefault();

    List<Account> all();
}
