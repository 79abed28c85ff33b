package io.telcred.turn;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How TURN credentials are made: the secret shared with the TURN server, the URIs handed out with
 * every credential, and a credential's lifetime, which is also the longest a request may ask for.
 *
 * @param secret the TURN server's {@code static-auth-secret}; never shown by {@link #toString()}
 */
public record TurnSettings(String secret, List<String> uris, Duration ttl) {

    /** A shorter secret could be guessed offline from one credential, which carries its HMAC. */
    static final int MIN_SECRET_LENGTH = 16;
    static final int MIN_TTL_SECONDS = 60;

    public static final Setting<Optional<String>> SECRET = Setting.of("TELCRED_TURN_SECRET", "", TurnSettings::parseSecret,
            "the secret shared with the TURN server (coturn's `static-auth-secret`, at least 16 characters): "
                    + "`POST /v2/turn_credentials` signs short-lived TURN credentials with it; unset turns that off");
    public static final Setting<List<String>> URIS = Setting.of("TELCRED_TURN_URIS", "", IceServerUris::parse,
            "comma-separated `turn:`, `turns:` and `stun:` URIs handed out with every TURN credential, e.g. "
                    + "`turn:turn.example.com:3478?transport=udp,turns:turn.example.com:5349?transport=tcp`; "
                    + "at least one `turn:` or `turns:` when the secret is set");
    public static final Setting<Duration> TTL = Setting.seconds("TELCRED_TURN_TTL_SECONDS", 86_400, MIN_TTL_SECONDS,
            7 * 86_400, "lifetime of a TURN credential, and the longest a request may ask for (`ttl`)");

    public TurnSettings {
        Objects.requireNonNull(secret, "secret");
        uris = List.copyOf(uris);
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.toSeconds() < MIN_TTL_SECONDS) {
            throw new IllegalArgumentException("a TURN credential must live at least " + MIN_TTL_SECONDS + " seconds");
        }
    }

    /**
     * The settings as configured, or empty when no secret is set (no TURN). A secret without a TURN
     * URI, or URIs without a secret, is refused: one of the two was forgotten.
     *
     * @throws Refused naming the setting to fix
     */
    public static Optional<TurnSettings> from(SettingValues values) {
        Optional<String> secret = values.get(SECRET);
        List<String> uris = values.get(URIS);
        if (secret.isEmpty()) {
            if (!uris.isEmpty()) {
                throw new Refused(SECRET, "must be set when " + URIS.name() + " is: TURN credentials are signed with it");
            }
            return Optional.empty();
        }
        if (uris.stream().noneMatch(IceServerUris::relays)) {
            throw new Refused(URIS, "must name at least one turn: or turns: URI when " + SECRET.name() + " is set");
        }
        return Optional.of(new TurnSettings(secret.get(), uris, values.get(TTL)));
    }

    @Override
    public String toString() {
        return "TurnSettings[uris=" + uris + ", ttl=" + ttl + "]";
    }

    /** Never echoes the text: a refused secret may still be someone's real one. */
    private static Optional<String> parseSecret(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("must be at least " + MIN_SECRET_LENGTH + " characters (for example "
                    + "the output of `openssl rand -hex 32`)");
        }
        return Optional.of(text);
    }

    /** Settings that each parse but do not go together; names the one to fix. */
    public static final class Refused extends IllegalArgumentException {

        private final transient Setting<?> setting;

        Refused(Setting<?> setting, String reason) {
            super(reason, null);
            this.setting = setting;
        }

        public Setting<?> setting() {
            return setting;
        }
    }
}
