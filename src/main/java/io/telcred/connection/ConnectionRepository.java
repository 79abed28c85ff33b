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

    /** The connection's owner and whether it is active, or empty when there is no such connection. */
    Optional<ConnectionState> state(long id);

    boolean userNameTaken(String userName);

    Page<CredentialConnection> list(String accountId, ConnectionQuery query, PageRequest page);
}
