package io.telcred.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface ApiKeyRepository {

    void insert(ApiKey key);

    Optional<ApiKey> findByHash(String keyHash);

    List<ApiKey> forAccount(String accountId);

    /** Marks the key revoked; false when there is no such live key. */
    boolean revoke(String keyId, Instant at);

    /** Marks the key of that account revoked; false when the account has no such live key. */
    boolean revoke(String accountId, String keyId, Instant at);

    /** Notes that the key authenticated a request at {@code at}. */
    void used(String keyId, Instant at);
}
