package io.telcred.token;

import java.time.Duration;
import java.util.Objects;

/**
 * What every token carries and how long it lives. {@code leeway} absorbs clock differences between
 * this server and the machines that check a token's times.
 */
public record TokenSettings(String issuer, String audience, Duration ttl, Duration leeway) {

    /** The issuer and audience the hosted product puts in its tokens. */
    public static final String TELNYX_TELEPHONY = "telnyx_telephony";

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

    /** 24-hour tokens with the hosted product's issuer and audience, and a minute of leeway. */
    public static TokenSettings standard() {
        return new TokenSettings(TELNYX_TELEPHONY, TELNYX_TELEPHONY, Duration.ofHours(24), Duration.ofMinutes(1));
    }

    /** How long a retired signing key must stay published: until the last token it signed has expired. */
    public Duration keepRetiredKeysFor() {
        return ttl.plus(leeway);
    }
}
