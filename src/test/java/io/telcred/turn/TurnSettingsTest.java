package io.telcred.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TURN is off without a secret; a secret, its URIs and the lifetime are checked before anything starts. */
class TurnSettingsTest {

    private static final String SECRET = "north-wind-turn-secret-42";

    @Test
    void withoutASecretTurnIsOff() {
        assertThat(TurnSettings.from(values(Map.of()))).isEmpty();
    }

    @Test
    void aSecretWithItsUrisTurnsItOn() {
        TurnSettings settings = TurnSettings.from(values(Map.of("TELCRED_TURN_SECRET", SECRET,
                "TELCRED_TURN_URIS", " turn:turn.example.com:3478?transport=udp , turns:turn.example.com:5349?transport=tcp,"
                        + "stun:192.0.2.7:3478 ", "TELCRED_TURN_TTL_SECONDS", "3600"))).orElseThrow();
        assertThat(settings.uris()).containsExactly("turn:turn.example.com:3478?transport=udp",
                "turns:turn.example.com:5349?transport=tcp", "stun:192.0.2.7:3478");
        assertThat(settings.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(TurnSettings.TTL.defaultValue()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aSecretWithoutATurnUriIsRefusedAsTheUris() {
        for (String uris : List.of("", "stun:stun.example.com")) {
            assertThatThrownBy(() -> TurnSettings.from(values(Map.of("TELCRED_TURN_SECRET", SECRET, "TELCRED_TURN_URIS", uris))))
                    .isInstanceOfSatisfying(TurnSettings.Refused.class, e -> assertThat(e.setting()).isEqualTo(TurnSettings.URIS))
                    .hasMessageContaining("at least one turn: or turns: URI");
        }
    }

    @Test
    void urisWithoutASecretAreRefusedAsTheSecret() {
        assertThatThrownBy(() -> TurnSettings.from(values(Map.of("TELCRED_TURN_URIS", "turn:turn.example.com"))))
                .isInstanceOfSatisfying(TurnSettings.Refused.class, e -> assertThat(e.setting()).isEqualTo(TurnSettings.SECRET));
    }

    @Test
    void aShortSecretIsRefusedWithoutBeingEchoed() {
        assertThatThrownBy(() -> TurnSettings.SECRET.parse("short-secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("must be at least 16 characters")
                .message().doesNotContain("short-secret");
    }

    @Test
    void aLifetimeOutsideAMinuteToAWeekIsRefused() {
        assertThatThrownBy(() -> TurnSettings.TTL.parse("59")).hasMessage("must be between 60 and 604800, is 59");
        assertThatThrownBy(() -> TurnSettings.TTL.parse("604801")).hasMessage("must be between 60 and 604800, is 604801");
        assertThat(TurnSettings.TTL.parse("604800")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void urisBrowsersTakeAreAccepted() {
        assertThat(TurnSettings.URIS.parse("turn:turn.example.com, turn:turn.example.com:3478, "
                + "turn:turn.example.com:443?transport=tcp, turns:turn.example.com:5349, turn:192.0.2.1:3478?transport=udp, "
                + "turn:[2001:db8::1]:3478, stun:stun.example.com:19302, stun:[::1], turn:localhost"))
                .hasSize(9);
    }

    @Test
    void badUrisAreRefusedByName() {
        Map<String, String> refusals = Map.ofEntries(
                Map.entry("http://turn.example.com", "is not one"),
                Map.entry("turn://turn.example.com:3478", "has a bad host"),
                Map.entry("TURN:turn.example.com", "is not one"),
                Map.entry("stuns:stun.example.com", "is not one"),
                Map.entry("turn:", "is not one"),
                Map.entry("turn:user@turn.example.com", "has a bad host"),
                Map.entry("turn:turn.example.com/path", "has a bad host"),
                Map.entry("turn:turn_example.com", "has a bad host"),
                Map.entry("turn:-turn.example.com", "has a bad host"),
                Map.entry("turn:300.1.1.1", "has a bad host"),
                Map.entry("turn:[2001:db8::zz]", "has a bad host"),
                Map.entry("turn:[192.0.2.1]", "has a bad host"),
                Map.entry("turn:2001:db8::1", "is not one"),
                Map.entry("turn:turn.example.com:0", "has a port outside 1-65535"),
                Map.entry("turn:turn.example.com:65536", "has a port outside 1-65535"),
                Map.entry("turn:turn.example.com:3478?transport=sctp", "may end only in ?transport=udp or ?transport=tcp"),
                Map.entry("turn:turn.example.com?transport=udp&x=1", "may end only in ?transport=udp or ?transport=tcp"),
                Map.entry("stun:stun.example.com?transport=udp", "is a stun: URI, which takes no ?transport"));
        refusals.forEach((uri, reason) -> assertThatThrownBy(() -> TurnSettings.URIS.parse("turn:ok.example.com," + uri))
                .as(uri).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("must be comma-separated turn:, turns: or stun: URIs")
                .hasMessageEndingWith("; '" + uri + "' " + reason));
    }

    private static SettingValues values(Map<String, String> configured) {
        return new SettingValues() {
            @Override
            public <T> T get(Setting<T> setting) {
                return setting.parse(configured.getOrDefault(setting.name(), setting.defaultText()));
            }
        };
    }
}
