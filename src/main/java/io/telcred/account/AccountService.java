package io.telcred.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.telcred.common.DomainException;
import io.telcred.common.Ids;
import io.telcred.event.DomainEvent.ApiKeyRevoked;
import io.telcred.event.DomainEvent.ChangesMissed;
import io.telcred.event.DomainEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts and their API keys. Authentication results are cached briefly so that a busy client
 * costs no database round trip per request; a key revoked in this process is dropped from the
 * cache at once, here and on every node of a cluster (the revocation is an event); one revoked by
 * another process (the command line) outside a cluster, within the cache time.
 */
public final class AccountService {

    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
    static final int MAX_BOOTSTRAP_KEY_LENGTH = 200;
    static final int MIN_BOOTSTRAP_KEY_LENGTH = 20;
    /** How precisely "last used" is kept. */
    static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

    private final AccountRepository accounts;
    private final ApiKeyRepository keys;
    private final Clock clock;
    private final DomainEvents events;
    private final Cache<String, Optional<ApiKey>> byHash;
    /** When each key's use was last written: at most once per {@link #USE_RESOLUTION}, not once per request. */
    private final Cache<String, Instant> usedWritten = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(USE_RESOLUTION).build();

    public AccountService(AccountRepository accounts, ApiKeyRepository keys, DomainEvents events, Clock clock,
                          Duration keyCacheTime) {
        this.accounts = accounts;
        this.keys = keys;
        this.events = events;
        this.clock = clock;
        this.byHash = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(keyCacheTime).build();
        events.subscribe(event -> {
            if (event instanceof ApiKeyRevoked || event instanceof ChangesMissed) {
                byHash.invalidateAll();
            }
        });
    }

    public Account createAccount(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 255) {
            throw DomainException.invalid("/name", "An account name of 1 to 255 characters is required.");
        }
        Account account = new Account(Ids.uuid(), trimmed, false, now());
        accounts.insert(account);
        return account;
    }

    public List<Account> accounts() {
        return accounts.all();
    }

    public Account defaultAccount() {
        return accounts.findDefault().orElseThrow(() -> new IllegalStateException("there is no default account yet"));
    }

    public Optional<Account> account(String id) {
        return accounts.find(id);
    }

    public IssuedApiKey createApiKey(String accountId, String description) {
        accounts.find(accountId).orElseThrow(() -> DomainException.notFound("No account with id " + accountId + "."));
        return store(accountId, ApiKeyFormat.generate(), description == null ? "" : description);
    }

    public List<ApiKey> apiKeys(String accountId) {
        return keys.forAccount(accountId);
    }

    /** Revokes a key of that account (the portal); false when the account has no such live key. */
    public boolean revokeApiKey(String accountId, String keyId) {
        boolean revoked = keys.revoke(accountId, keyId, now());
        if (revoked) {
            events.publish(new ApiKeyRevoked(keyId));
        }
        return revoked;
    }

    public boolean revokeApiKey(String keyId) {
        boolean revoked = keys.revoke(keyId, now());
        if (revoked) {
            events.publish(new ApiKeyRevoked(keyId));
        }
        return revoked;
    }

    /** The account whose live key this is, or empty. */
    public Optional<String> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > MAX_BOOTSTRAP_KEY_LENGTH) {
            return Optional.empty();
        }
        String hash = ApiKeyFormat.hash(presentedKey);
        Optional<ApiKey> key = byHash.get(hash, keys::findByHash).filter(k -> !k.revoked());
        key.ifPresent(this::noteUse);
        return key.map(ApiKey::accountId);
    }

    /**
     * On first start makes the default account, and gives it {@code bootstrapKey} when one is set,
     * so that a script can start telcred and call it at once. Later starts change nothing.
     */
    public Account ensureDefaultAccount(String bootstrapKey) {
        Optional<Account> existing = accounts.findDefault();
        if (existing.isPresent()) {
            if (bootstrapKey != null && !bootstrapKey.isBlank()
                    && keys.findByHash(ApiKeyFormat.hash(bootstrapKey.strip())).isEmpty()) {
                LOG.warn("TELCRED_BOOTSTRAP_API_KEY is set but only applies on first start; it was not added");
            }
            return existing.get();
        }
        String key = bootstrapKey == null ? "" : bootstrapKey.strip();
        if (!key.isEmpty() && (key.length() < MIN_BOOTSTRAP_KEY_LENGTH || key.length() > MAX_BOOTSTRAP_KEY_LENGTH)) {
            throw new IllegalStateException("TELCRED_BOOTSTRAP_API_KEY must be " + MIN_BOOTSTRAP_KEY_LENGTH
                    + " to " + MAX_BOOTSTRAP_KEY_LENGTH + " characters long");
        }
        Account account = new Account(Ids.uuid(), "default", true, now());
        accounts.insert(account);
        LOG.info("created the default account {}", account.id());
        if (!key.isEmpty()) {
            store(account.id(), key, "bootstrap");
            LOG.info("gave the default account the bootstrap API key");
        }
        return account;
    }

    private IssuedApiKey store(String accountId, String plaintext, String description) {
        ApiKey key = new ApiKey(Ids.uuid(), accountId, ApiKeyFormat.hash(plaintext), ApiKeyFormat.prefix(plaintext),
                description, now(), null, null);
        keys.insert(key);
        byHash.invalidate(key.keyHash());
        return new IssuedApiKey(key, plaintext);
    }

    /** Records that the key was used, once a minute at most; a database that cannot take it now loses nothing that matters. */
    private void noteUse(ApiKey key) {
        if (usedWritten.getIfPresent(key.id()) != null) {
            return;
        }
        Instant now = now();
        usedWritten.put(key.id(), now);
        try {
            keys.used(key.id(), now);
        } catch (RuntimeException e) {
            LOG.debug("could not note the use of API key {}: {}", key.prefix(), e.toString());
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
