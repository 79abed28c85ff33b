package io.telcred.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.testing.MutableClock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NonceServiceTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_SECRET = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    private final MutableClock clock = new MutableClock();
    private final NonceService nonces = new NonceService(SECRET, 0, clock, Duration.ofMinutes(5));

    @Test
    void issuedNonceIsValid() {
        assertThat(nonces.check(nonces.issue())).isEqualTo(NonceState.VALID);
    }

    @Test
    void nonceIsFortyThreeUrlSafeCharactersThatNeedNoEscapingInAQuotedString() {
        String nonce = nonces.issue();
        assertThat(nonce).hasSize(NonceService.NONCE_LENGTH).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void noncesIssuedInTheSameMillisecondDiffer() {
        Set<String> issued = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            issued.add(nonces.issue());
        }
        assertThat(issued).hasSize(1_000);
    }

    @Test
    void nonceWithAnyCharacterChangedIsInvalid() {
        String nonce = nonces.issue();
        for (int i = 0; i < nonce.length(); i++) {
            char replacement = nonce.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = nonce.substring(0, i) + replacement + nonce.substring(i + 1);
            assertThat(nonces.check(tampered)).as("changed at %d", i).isEqualTo(NonceState.INVALID);
        }
    }

    @Test
    void rejuvenatedTimestampWithTheOldMacIsInvalid() {
        String nonce = nonces.issue();
        clock.advance(Duration.ofMinutes(10));
        byte[] token = Base64.getUrlDecoder().decode(nonce);
        ByteBuffer.wrap(token).putLong(clock.millis());
        String rejuvenated = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        assertThat(nonces.check(nonce)).isEqualTo(NonceState.STALE);
        assertThat(nonces.check(rejuvenated)).isEqualTo(NonceState.INVALID);
    }

    @Test
    void nonceIsValidForItsLifetimeAndStaleAfterwards() {
        String nonce = nonces.issue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(nonces.check(nonce)).isEqualTo(NonceState.VALID);
        clock.advance(Duration.ofMillis(1));
        assertThat(nonces.check(nonce)).isEqualTo(NonceState.STALE);
        clock.advance(Duration.ofDays(400));
        assertThat(nonces.check(nonce)).isEqualTo(NonceState.STALE);
    }

    @Test
    void nonceSignedWithAnotherSecretIsInvalid() {
        NonceService stranger = new NonceService(OTHER_SECRET, 0, clock, Duration.ofMinutes(5));
        assertThat(nonces.check(stranger.issue())).isEqualTo(NonceState.INVALID);
    }

    @Test
    void garbageEmptyNullAndHugeNoncesAreInvalid() {
        String ours = nonces.issue();
        for (String garbage : new String[] {null, "", " ", "abc", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ours + "A", ours.substring(1), ours + "=",
                "!".repeat(NonceService.NONCE_LENGTH), "é".repeat(NonceService.NONCE_LENGTH), "A".repeat(1_000_000)}) {
            assertThat(nonces.check(garbage)).as("%s", garbage == null ? null : garbage.substring(0, Math.min(60, garbage.length())))
                    .isEqualTo(NonceState.INVALID);
        }
    }

    @Test
    void secondSpellingOfTheSameBytesIsInvalid() {
        // 32 bytes leave 2 unused bits in the last of 43 characters; the decoder would ignore them.
        String nonce = nonces.issue();
        char last = nonce.charAt(nonce.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sibling = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String respelled = nonce.substring(0, nonce.length() - 1) + sibling;
        assertThat(Arrays.equals(Base64.getUrlDecoder().decode(respelled), Base64.getUrlDecoder().decode(nonce))).isTrue();
        assertThat(nonces.check(respelled)).isEqualTo(NonceState.INVALID);
    }

    @Test
    void aNodeAnswersAGenuineNonceOfAnotherNodeAsStaleAndItsOwnAsValid() {
        NonceService otherNode = new NonceService(SECRET.clone(), 7, clock, Duration.ofMinutes(5));
        assertThat(otherNode.check(nonces.issue())).isEqualTo(NonceState.STALE);
        assertThat(nonces.check(otherNode.issue())).isEqualTo(NonceState.STALE);
        assertThat(otherNode.check(otherNode.issue())).isEqualTo(NonceState.VALID);
        NonceService stranger = new NonceService(OTHER_SECRET, 7, clock, Duration.ofMinutes(5));
        assertThat(otherNode.check(stranger.issue())).isEqualTo(NonceState.INVALID);
    }

    @Test
    void nodeTagsDifferingInAnyBitAreForeign() {
        NonceService node = new NonceService(SECRET, 0x80000001, clock, Duration.ofMinutes(5));
        assertThat(node.check(node.issue())).isEqualTo(NonceState.VALID);
        assertThat(node.check(new NonceService(SECRET, 0x00000001, clock, Duration.ofMinutes(5)).issue()))
                .isEqualTo(NonceState.STALE);
        assertThat(node.check(new NonceService(SECRET, 0x80000000, clock, Duration.ofMinutes(5)).issue()))
                .isEqualTo(NonceState.STALE);
    }

    @Test
    void nodeWhoseClockRunsAFewSecondsAheadIsToleratedButNotFurther() {
        MutableClock aheadClock = new MutableClock(clock.instant().plusSeconds(3));
        MutableClock farAheadClock = new MutableClock(clock.instant().plusSeconds(60));
        assertThat(nonces.check(new NonceService(SECRET, aheadClock).issue())).isEqualTo(NonceState.VALID);
        assertThat(nonces.check(new NonceService(SECRET, farAheadClock).issue())).isEqualTo(NonceState.INVALID);
    }

    @Test
    void nonceWithTheMacOfAnotherNonceIsInvalid() {
        String one = nonces.issue();
        String other = nonces.issue();
        // Characters 22 on are MAC bits only (bits 132 up; the MAC starts at bit 128).
        assertThat(nonces.check(one.substring(0, 22) + other.substring(22))).isEqualTo(NonceState.INVALID);
    }

    @Test
    void threadsIssueAndCheckAtOnceWithoutDisturbingEachOther() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    int valid = 0;
                    for (int i = 0; i < 5_000; i++) {
                        valid += nonces.check(nonces.issue()) == NonceState.VALID ? 1 : 0;
                    }
                    return valid;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(5_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void macBitsAreReadFromTheMacPartOfTheText() {
        String nonce = nonces.issue();
        assertThat(NonceService.macBits(nonce)).isNotZero().isNotEqualTo(NonceService.macBits(nonces.issue()));
        // The time, the random part and the last character (with its unused bits) do not count.
        String otherPayload = "B".repeat(22) + nonce.substring(22);
        assertThat(NonceService.macBits(otherPayload)).isEqualTo(NonceService.macBits(nonce));
        assertThat(NonceService.macBits(nonce.substring(0, 42) + "Z")).isEqualTo(NonceService.macBits(nonce));
        char changed = nonce.charAt(27) == 'A' ? 'B' : 'A';
        assertThat(NonceService.macBits(nonce.substring(0, 27) + changed + nonce.substring(28)))
                .isNotEqualTo(NonceService.macBits(nonce));
    }

    @Test
    void macBitsOfTextsNotShapedLikeANonceAreZero() {
        String nonce = nonces.issue();
        assertThat(NonceService.macBits(null)).isZero();
        assertThat(NonceService.macBits("")).isZero();
        assertThat(NonceService.macBits(nonce + "A")).isZero();
        assertThat(NonceService.macBits(nonce.substring(0, 30) + "/" + nonce.substring(31))).isZero();
    }

    @Test
    void changingTheSecretArrayAfterwardsChangesNothing() {
        byte[] secret = SECRET.clone();
        NonceService service = new NonceService(secret, clock);
        String nonce = service.issue();
        Arrays.fill(secret, (byte) 0);
        assertThat(service.check(nonce)).isEqualTo(NonceState.VALID);
    }

    @Test
    void shortSecretAndUnreasonableLifetimesAreRefused() {
        assertThatThrownBy(() -> new NonceService(new byte[31], clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NonceService(SECRET, 0, clock, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NonceService(SECRET, 0, clock, Duration.ofHours(2))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new NonceService(SECRET, clock).lifetime()).isEqualTo(Duration.ofMinutes(5));
    }
}
