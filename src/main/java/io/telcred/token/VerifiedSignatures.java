package io.telcred.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.telcred.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Tokens whose signature and claims were checked, by the SHA-256 of the whole token, until they
 * expire: an agent's browser reconnects with the same token many times a day, and the signature
 * check is nearly all a token login costs. What can change (the time, the key still being kept,
 * the credential's state) is checked again at every use by the verifier. The hash, not the token,
 * is the key, so the cache holds no usable token. A token many logins bring at the same moment (a
 * restart, an office reconnecting) is checked once: the others wait for that check.
 */
final class VerifiedSignatures<T> {

    private record Entry<T>(T claims, long expiresAtSecond) {
    }

    private final Cache<String, Entry<T>> cache;
    private final ToLongFunction<T> expiresAtSecond;

    /** @param expiresAtSecond until when checked claims may be remembered (epoch seconds) */
    VerifiedSignatures(int maxSize, Clock clock, ToLongFunction<T> expiresAtSecond) {
        this.expiresAtSecond = expiresAtSecond;
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

    /**
     * The claims of the token, checked by {@code check} unless they were before. What {@code check}
     * throws reaches the caller, and nothing is remembered.
     */
    T claims(String token, Supplier<T> check) {
        if (cache == null) {
            return check.get();
        }
        return cache.get(key(token), key -> {
            T claims = check.get();
            return new Entry<>(claims, expiresAtSecond.applyAsLong(claims));
        }).claims();
    }

    private static String key(String token) {
        return Base64.getEncoder().encodeToString(Hashes.sha256().digest(token.getBytes(StandardCharsets.US_ASCII)));
    }
}
