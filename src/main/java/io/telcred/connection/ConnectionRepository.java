package io.telcred.connection;

import io.telcred.common.Page;
import io.telcred.common.PageRequest;
import java.util.List;
import java.util.Optional;

public interface ConnectionRepository {

    /** Throws {@link io.telcred.common.UniqueViolationException} when the user name is taken. */
    void insert(CredentialConnection connection);

    /** Throws {@link io.telcred.common.UniqueViolationException} when the new user name is taken. */
    void update(CredentialConnection connection);

    /** Deletes the connection and, by cascade, its credentials; returns the deleted credentials' logins. */
    List<RemovedLogin> delete(long id);

    Optional<CredentialConnection> find(String accountId, long id);

    Optional<CredentialConnection> findByUserName(String userName);

    /** Whether the connection exists and is active: the directory's view of a credential's connection. */
    Optional<Boolean> active(long id);

    boolean userNameTaken(String userName);

    Page<CredentialConnection> list(String accountId, ConnectionQuery query, PageRequest page);
}
