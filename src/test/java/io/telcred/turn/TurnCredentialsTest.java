package io.telcred.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.common.DomainException;
import io.telcred.testing.TurnPasswords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TURN REST API scheme, checked against HMAC-SHA1 computed here and against values computed with openssl. */
class TurnCredentialsTest {

    private static final String SECRET = "north-wind-turn-secret-42";
    private static final String USER = "0f8d3c1e-2b4a-4c6d-8e9f-123456789abc";
    /** 2026-03-01T12:00:00Z. */
    private static final long NOW = 1_772_366_400L;
    private static final List<String> URIS = List.of("turn:turn.example.com:3478?transport=udp", "stun:turn.example.com");

    private final TurnCredentials turn = new TurnCredentials(new TurnSettings(SECRET, URIS, Duration.ofDays(1)),
            Clock.fixed(Instant.ofEpochSecond(NOW, 999_000_000), ZoneOffset.UTC));

    @Test
    void usernameIsTheExpiryInUnixSecondsAndTheUser() {
        TurnCredential credential = turn.issue(USER);
        assertThat(credential.username()).isEqualTo((NOW + 86_400) + ":" + USER);
        assertThat(credential.expiresAt()).isEqualTo(Instant.parse("2026-03-02T12:00:00Z"));
        assertThat(credential.ttl()).isEqualTo(Duration.ofDays(1));
        assertThat(credential.uris()).isEqualTo(URIS);
    }

    @Test
    void passwordIsTheBase64HmacSha1OfTheUsernameUnderTheSecret() {
        TurnCredential credential = turn.issue(USER);
        assertThat(credential.password()).isEqualTo(TurnPasswords.of(SECRET, credential.username()));
        // printf %s "1772452800:$USER" | openssl dgst -sha1 -hmac "$SECRET" -binary | base64
        assertThat(credential.password()).isEqualTo("r1tu0A15m4mBZODkLcOLbs1oN5M=");
    }

    @Test
    void aShorterTtlMovesTheExpiryAndChangesThePassword() {
        TurnCredential credential = turn.issue(USER, 600);
        assertThat(credential.username()).isEqualTo("1772367000:" + USER);
        assertThat(credential.password()).isEqualTo(TurnPasswords.of(SECRET, credential.username()))
                .isEqualTo("GwO2LS5xlt8FALDhsNIce4cGhUU=");
        assertThat(credential.ttl()).isEqualTo(Duration.ofSeconds(600));
        assertThat(credential.expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW + 600));
    }

    @Test
    void aTtlUnderAMinuteOrOverTheConfiguredLifetimeIsRefusedAsTtl() {
        for (long ttl : new long[] {59, 0, -1, 86_401, Long.MAX_VALUE}) {
            assertThatThrownBy(() -> turn.issue(USER, ttl)).as("ttl " + ttl).isInstanceOfSatisfying(DomainException.class,
                    e -> assertThat(e.field()).isEqualTo("ttl"))
                    .hasMessage("'ttl' must be between 60 and 86400 seconds.");
        }
        assertThat(turn.issue(USER, 60).ttl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(turn.issue(USER, 86_400).ttl()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aUserIdThatWouldBreakTheUsernameIsAProgrammingError() {
        assertThatThrownBy(() -> turn.issue("a:b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> turn.issue(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neitherTheSecretNorAPasswordIsInTheirTextForms() {
        TurnCredential credential = turn.issue(USER);
        assertThat(credential.toString()).contains(credential.username()).doesNotContain(credential.password());
        assertThat(new TurnSettings(SECRET, URIS, Duration.ofDays(1)).toString()).doesNotContain(SECRET);
    }
}
