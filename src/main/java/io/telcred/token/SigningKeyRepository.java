package io.telcred.token;

import java.time.Instant;
import java.util.List;

/** Where the signing keys shared by every node live. */
public interface SigningKeyRepository {

    List<StoredSigningKey> all();

    void insert(StoredSigningKey key);

    /** Marks the key retired at {@code at}; a key already retired keeps its first retirement time. */
    void retire(String kid, Instant at);

    void delete(String kid);
}
