package io.telcred.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.telcred.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Tokens whose signature and claims were checked, by the SHA-256 of the whole token, until they
 * expire: an agent's browser reconnects with the same token many times a day, and the signature
 * check is nearly all a token login costs. What can change (the time, the key still being kept,
 * the credential's state) is checked again at every use by the verifier. The hash, not the token,
 * is the key, so the cache holds no usable token.
 */
final class VerifiedSignatures<T> {

    private record Entry<T>(T claims, long expiresAtSecond) {
    }

    private final Cache<String, Entry<T>> cache;

    VerifiedSignatures(int maxSize, Clock clock) {
        this.cache = maxSize == 0 ? null : Caffeine.newBuilder().maximumSize(maxSize)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(new Expiry<String, Entry<T>>() {
                    @Override
                    public long expireAfterCreate(String key, Entry<T> value, long currentTime) {
                        return Math.max(0, TimeUnit.SECONDS.toNanos(value.expiresAtSecond()) - currentTime);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry<T> value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }

                    @Override
                    public long expireAfterRead(String key, Entry<T> value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                }).build();
    }

    /** The claims of a token verified before, or null. */
    T known(String token) {
        if (cache == null) {
            return null;
        }
        Entry<T> entry = cache.getIfPresent(key(token));
        return entry == null ? null : entry.claims();
    }

    void remember(String token, T claims, long expiresAtSecond) {
        if (cache != null) {
            cache.put(key(token), new Entry<>(claims, expiresAtSecond));
        }
    }

    private static String key(String token) {
        return Base64.getEncoder().encodeToString(Hashes.sha256().digest(token.getBytes(StandardCharsets.US_ASCII)));
    }
}
