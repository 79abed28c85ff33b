package io.telcred.token;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.time.Duration;
import java.util.Objects;

/**
 * What every token carries and how long it lives. {@code leeway} absorbs clock differences between
 * this server and the machines that check a token's times.
 */
public record TokenSettings(String issuer, String audience, Duration ttl, Duration leeway, int verifiedCacheSize) {

    /** The issuer and audience the hosted product puts in its tokens. */
    public static final String TELNYX_TELEPHONY = "telnyx_telephony";

    public static final Setting<String> ISSUER = Setting.text("TELCRED_TOKEN_ISSUER", TELNYX_TELEPHONY,
            "`iss` of login tokens");
    public static final Setting<String> AUDIENCE = Setting.text("TELCRED_TOKEN_AUDIENCE", TELNYX_TELEPHONY,
            "`aud` of login tokens");
    public static final Setting<Duration> TTL = Setting.seconds("TELCRED_TOKEN_TTL_SECONDS", 86_400, 60, 30 * 86_400,
            "lifetime of a login token (shorter if the credential expires sooner)");
    public static final Setting<Duration> LEEWAY = Setting.seconds("TELCRED_TOKEN_LEEWAY_SECONDS", 30, 0, 600,
            "clock skew tolerated when verifying a token");
    public static final Setting<Integer> VERIFIED_CACHE_SIZE = Setting.integer("TELCRED_TOKEN_VERIFIED_CACHE_SIZE", 100_000,
            0, 10_000_000, "tokens whose signature was verified, remembered (about 200 bytes each) until they expire, so "
                    + "that a reconnect with the same token skips the signature check; the credential is checked every "
                    + "time. 0: every login checks the signature");

    /** The settings with the default cache of verified signatures. */
    public TokenSettings(String issuer, String audience, Duration ttl, Duration leeway) {
        this(issuer, audience, ttl, leeway, 100_000);
    }

    public TokenSettings {
        if (issuer == null || issuer.isBlank() || audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("a token issuer and audience are required");
        }
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(leeway, "leeway");
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || leeway.isNegative()) {
            throw new IllegalArgumentException("the token lifetime must be at least a second and the leeway not negative");
        }
    }

    public static TokenSettings from(SettingValues values) {
        return new TokenSettings(values.get(ISSUER), values.get(AUDIENCE), values.get(TTL), values.get(LEEWAY),
                values.get(VERIFIED_CACHE_SIZE));
    }

    /** 24-hour tokens with the hosted product's issuer and audience, and 30 seconds of leeway. */
    public static TokenSettings standard() {
        return from(SettingValues.DEFAULTS);
    }

    /** How long a retired signing key must stay published: until the last token it signed has expired. */
    public Duration keepRetiredKeysFor() {
        return ttl.plus(leeway);
    }
}
