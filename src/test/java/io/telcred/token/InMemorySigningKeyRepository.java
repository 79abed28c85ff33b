package io.telcred.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The signing-key table in memory; counts loads so tests can see when the keys are reread. */
final class InMemorySigningKeyRepository implements SigningKeyRepository {

    private final Map<String, StoredSigningKey> rows = new LinkedHashMap<>();
    final AtomicInteger loads = new AtomicInteger();

    @Override
    public synchronized List<StoredSigningKey> all() {
        loads.incrementAndGet();
        return new ArrayList<>(rows.values());
    }

    @Override
    public synchronized void insert(StoredSigningKey key) {
        if (rows.putIfAbsent(key.kid(), key) != null) {
            throw new IllegalStateException("duplicate kid " + key.kid());
        }
    }

    @Override
    public synchronized void retire(String kid, Instant at) {
        StoredSigningKey key = rows.get(kid);
        if (key != null && key.retiredAt() == null) {
            rows.put(kid, new StoredSigningKey(kid, key.privateKeySealed(), key.publicJwk(), key.createdAt(), at));
        }
    }

    @Override
    public synchronized void delete(String kid) {
        rows.remove(kid);
    }

    synchronized StoredSigningKey row(String kid) {
        return rows.get(kid);
    }
}
