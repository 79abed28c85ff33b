package io.telcred.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.telcred.crypto.SecretBox;
import io.telcred.event.DomainEvent.ChangesMissed;
import io.telcred.event.DomainEvent.SigningKeyRotated;
import io.telcred.event.DomainEvents;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 keys that sign and verify tokens, shared by every node through the repository.
 *
 * <p>Readers see an immutable snapshot of the decrypted keys, swapped atomically. The snapshot is
 * reloaded when it is older than {@code refreshInterval} (so a rotation on another node is picked
 * up), at once when a rotation's event arrives (from this node or another of a cluster), and at
 * once when a token names a kid this node does not know, at most once a second so that made-up
 * kids cannot hammer the database.
 *
 * <p>A retired key stays published for {@code keepRetiredFor} (the longest token lifetime plus the
 * leeway) plus {@code refreshInterval}, because a node that has not yet seen the rotation may sign
 * with the old key for up to one refresh interval after it was retired.
 */
public final class SigningKeys {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
    private static final long UNKNOWN_KID_RELOAD_MILLIS = 1_000;
    private static final long NEVER = Long.MIN_VALUE;

    private final SigningKeyRepository repository;
    private final SecretBox secretBox;
    private final Clock clock;
    private final DomainEvents events;
    private final Duration refreshInterval;
    private final Duration retention;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(Snapshot.NONE);
    private final AtomicLong lastUnknownKidReload = new AtomicLong(NEVER);
    private final Object writeLock = new Object();
    private final Object reloadLock = new Object();

    public SigningKeys(SigningKeyRepository repository, SecretBox secretBox, Clock clock,
                       Duration refreshInterval, Duration keepRetiredFor, DomainEvents events) {
        if (refreshInterval.isNegative() || keepRetiredFor.isNegative()) {
            throw new IllegalArgumentException("refresh interval and retention must not be negative");
        }
        this.repository = repository;
        this.secretBox = secretBox;
        this.clock = clock;
        this.refreshInterval = refreshInterval;
        this.retention = keepRetiredFor.plus(refreshInterval);
        this.events = events;
        events.subscribe(event -> {
            if (event instanceof SigningKeyRotated || event instanceof ChangesMissed) {
                reload();
            }
        });
    }

    /** Creates the first key when there is no active one (first start); returns the signing key. */
    public SigningKey ensureSigningKey() {
        synchronized (writeLock) {
            SigningKey active = reload().active();
            if (active != null) {
                return active;
            }
            String kid = create();
            return reload().byKid().get(kid);
        }
    }

    /** Creates a new signing key and retires the previous one, which stays for verification. */
    public SigningKey rotate() {
        SigningKey rotated = rotateNow();
        events.publish(new SigningKeyRotated(rotated.kid()));
        return rotated;
    }

    private SigningKey rotateNow() {
        synchronized (writeLock) {
            Snapshot before = reload();
            String kid = create();
            // Retire only after the new key is stored, so that there is always one to sign with.
            Instant now = now();
            for (SigningKey key : before.keys()) {
                if (!key.retired()) {
                    repository.retire(key.kid(), now);
                }
            }
            LOG.info("Rotated the token signing key to {}", kid);
            return reload().byKid().get(kid);
        }
    }

    /** Deletes the keys retired long enough ago that no token they signed is still valid. */
    public int purgeExpired() {
        synchronized (writeLock) {
            Instant now = now();
            int purged = 0;
            for (StoredSigningKey stored : repository.all()) {
                if (retentionEnded(stored.retiredAt(), now)) {
                    repository.delete(stored.kid());
                    LOG.info("Deleted the retired token signing key {}", stored.kid());
                    purged++;
                }
            }
            reload();
            return purged;
        }
    }

    /** The newest key that is not retired; creates one if there is none yet. */
    public SigningKey signingKey() {
        SigningKey active = current().active();
        return active != null ? active : ensureSigningKey();
    }

    /** The key a token names, if it is still kept. */
    public Optional<SigningKey> find(String kid) {
        if (kid == null) {
            return Optional.empty();
        }
        SigningKey key = current().byKid().get(kid);
        if (key != null || !mayReloadForUnknownKid()) {
            return Optional.ofNullable(key);
        }
        return Optional.ofNullable(reload().byKid().get(kid));
    }

    /** The keys still kept, newest first. */
    public List<SigningKey> keys() {
        return current().keys();
    }

    /** The JWK Set of every key still kept: public members only, for /.well-known/jwks.json. */
    public String jwksJson() {
        return current().jwksJson();
    }

    private Snapshot current() {
        Snapshot current = snapshot.get();
        if (now().isBefore(current.staleAt())) {
            return current;
        }
        synchronized (reloadLock) {
            current = snapshot.get();
            return now().isBefore(current.staleAt()) ? current : reload();
        }
    }

    private Snapshot reload() {
        synchronized (reloadLock) {
            Instant now = now();
            Map<String, SigningKey> known = snapshot.get().byKid();
            List<SigningKey> keys = new ArrayList<>();
            for (StoredSigningKey stored : repository.all()) {
                if (retentionEnded(stored.retiredAt(), now)) {
                    continue;
                }
                SigningKey already = known.get(stored.kid());
                keys.add(already != null ? already.withRetiredAt(stored.retiredAt()) : open(stored));
            }
            Snapshot fresh = Snapshot.of(keys, staleAt(keys, now));
            snapshot.set(fresh);
            return fresh;
        }
    }

    private Instant staleAt(List<SigningKey> keys, Instant now) {
        Instant staleAt = now.plus(refreshInterval);
        for (SigningKey key : keys) {
            if (key.retired()) {
                Instant end = key.retiredAt().plus(retention);
                if (end.isBefore(staleAt)) {
                    staleAt = end;
                }
            }
        }
        return staleAt;
    }

    private boolean mayReloadForUnknownKid() {
        long now = clock.millis();
        long last = lastUnknownKidReload.get();
        if (last != NEVER && now - last < UNKNOWN_KID_RELOAD_MILLIS) {
            return false;
        }
        return lastUnknownKidReload.compareAndSet(last, now);
    }

    private boolean retentionEnded(Instant retiredAt, Instant now) {
        return retiredAt != null && !now.isBefore(retiredAt.plus(retention));
    }

    private String create() {
        ECKey key;
        try {
            key = new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("P-256 key generation is not available", e);
        }
        String kid = key.getKeyID();
        String sealed = secretBox.seal(key.toJSONString(), associatedData(kid));
        repository.insert(new StoredSigningKey(kid, sealed, key.toPublicJWK().toJSONString(), now(), null));
        LOG.info("Created the token signing key {}", kid);
        return kid;
    }

    private SigningKey open(StoredSigningKey stored) {
        ECKey key;
        try {
            key = ECKey.parse(secretBox.open(stored.privateKeySealed(), associatedData(stored.kid())));
        } catch (ParseException e) {
            throw new IllegalStateException("signing key " + stored.kid() + " is not a valid JWK");
        }
        if (!Curve.P_256.equals(key.getCurve()) || !key.isPrivate() || !stored.kid().equals(key.getKeyID())
                || !stored.kid().equals(thumbprint(key))) {
            throw new IllegalStateException("signing key " + stored.kid() + " does not match its kid");
        }
        return SigningKey.of(key, stored.createdAt(), stored.retiredAt());
    }

    private static String thumbprint(ECKey key) {
        try {
            return key.computeThumbprint("SHA-256").toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String associatedData(String kid) {
        return "signing-key:" + kid;
    }

    private Instant now() {
        // The store keeps milliseconds; truncating here keeps memory and database in agreement.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private record Snapshot(List<SigningKey> keys, Map<String, SigningKey> byKid, SigningKey active,
                            String jwksJson, Instant staleAt) {

        static final Snapshot NONE = new Snapshot(List.of(), Map.of(), null, "{\"keys\":[]}", Instant.MIN);

        static Snapshot of(List<SigningKey> unordered, Instant staleAt) {
            List<SigningKey> keys = unordered.stream()
                    .sorted(Comparator.comparing(SigningKey::createdAt).thenComparing(SigningKey::kid).reversed())
                    .toList();
            Map<String, SigningKey> byKid = new LinkedHashMap<>();
            keys.forEach(key -> byKid.put(key.kid(), key));
            SigningKey active = keys.stream().filter(key -> !key.retired()).findFirst().orElse(null);
            return new Snapshot(keys, Map.copyOf(byKid), active, jwks(keys), staleAt);
        }

        /** Built member by member, so that nothing but public members can reach the output. */
        private static String jwks(List<SigningKey> keys) {
            List<Map<String, Object>> published = new ArrayList<>();
            for (SigningKey key : keys) {
                ECKey jwk = key.publicJwk();
                Map<String, Object> member = new LinkedHashMap<>();
                member.put("kty", "EC");
                member.put("crv", jwk.getCurve().getName());
                member.put("x", jwk.getX().toString());
                member.put("y", jwk.getY().toString());
                member.put("kid", key.kid());
                member.put("use", "sig");
                member.put("alg", "ES256");
                published.add(member);
            }
            return JSONObjectUtils.toJSONString(Map.of("keys", published));
        }
    }
}
