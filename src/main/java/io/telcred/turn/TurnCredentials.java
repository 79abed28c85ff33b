package io.telcred.turn;

import io.telcred.common.DomainException;
import io.telcred.crypto.Macs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues TURN credentials by the TURN REST API scheme (draft-uberti-behave-turn-rest-00), which
 * coturn checks with {@code use-auth-secret}: the username is the expiry time and whom the
 * credential is for, the password the username's HMAC-SHA1 under the shared secret. Nothing is
 * stored and nothing needs revoking: the TURN server recomputes the password and refuses the
 * username once its time has passed.
 */
public final class TurnCredentials {

    private static final String ALGORITHM = "HmacSHA1";
    /** coturn's default {@code rest-api-separator}; the expiry is read up to its first occurrence. */
    private static final char SEPARATOR = ':';

    private final SecretKeySpec key;
    private final TurnSettings settings;
    private final Clock clock;

    public TurnCredentials(TurnSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.key = new SecretKeySpec(settings.secret().getBytes(StandardCharsets.UTF_8), ALGORITHM);
        Macs.keyed(key); // fail at start, not on the first request, if the JDK lacks HMAC-SHA1
    }

    /** A credential for {@code userId} that lives the configured time. */
    public TurnCredential issue(String userId) {
        return issue(userId, settings.ttl().toSeconds());
    }

    /**
     * A credential for {@code userId} that lives {@code ttlSeconds}.
     *
     * @throws DomainException about {@code ttl} when it is under a minute or over the configured lifetime
     */
    public TurnCredential issue(String userId, long ttlSeconds) {
        if (userId == null || userId.isBlank() || userId.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("a TURN user id must be non-blank and without '" + SEPARATOR + "'");
        }
        long maxSeconds = settings.ttl().toSeconds();
        if (ttlSeconds < TurnSettings.MIN_TTL_SECONDS || ttlSeconds > maxSeconds) {
            throw DomainException.invalid("ttl", "'ttl' must be between " + TurnSettings.MIN_TTL_SECONDS + " and "
                    + maxSeconds + " seconds.");
        }
        Instant expiresAt = Instant.ofEpochSecond(clock.instant().getEpochSecond() + ttlSeconds);
        String username = expiresAt.getEpochSecond() + String.valueOf(SEPARATOR) + userId;
        return new TurnCredential(username, password(username), Duration.ofSeconds(ttlSeconds), expiresAt,
                settings.uris());
    }

    private String password(String username) {
        byte[] mac = Macs.keyed(key).doFinal(username.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac);
    }
}
