package io.telcred.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NonceCountsTest {

    private static final String NONCE = "AAABjV1mYh0x2b9zQ8kq3rT7wU5yZ1xC4vB6nM8aS0d";
    private static final String OTHER_NONCE = "AAABjV1mYh0x2b9zQ8kq3rT7wU5yZ1xC4vB6nM8aS0e";

    private final TestClock clock = new TestClock();
    private final NonceCounts counts = new NonceCounts(Duration.ofMinutes(5), 1_000, clock);

    @Test
    void firstUseOfAPairIsAcceptedAndItsReplayIsNot() {
        assertThat(counts.firstUse(NONCE, "00000001")).isTrue();
        assertThat(counts.firstUse(NONCE, "00000001")).isFalse();
        assertThat(counts.firstUse(NONCE, "00000001")).isFalse();
    }

    @Test
    void risingCountsOnOneNonceAreEachAccepted() {
        for (int nc = 1; nc <= 300; nc++) {
            assertThat(counts.firstUse(NONCE, String.format("%08x", nc))).isTrue();
        }
    }

    @Test
    void countsOfDifferentNoncesAreIndependent() {
        assertThat(counts.firstUse(NONCE, "00000001")).isTrue();
        assertThat(counts.firstUse(OTHER_NONCE, "00000001")).isTrue();
    }

    @Test
    void countArrivingOutOfOrderWithinTheWindowIsAcceptedOnce() {
        assertThat(counts.firstUse(NONCE, "00000005")).isTrue();
        assertThat(counts.firstUse(NONCE, "00000003")).isTrue();
        assertThat(counts.firstUse(NONCE, "00000004")).isTrue();
        assertThat(counts.firstUse(NONCE, "00000003")).isFalse();
        assertThat(counts.firstUse(NONCE, "00000005")).isFalse();
        assertThat(counts.firstUse(NONCE, "00000001")).isTrue();
    }

    @Test
    void countFarBehindTheHighestIsRefused() {
        assertThat(counts.firstUse(NONCE, "00000064")).isTrue(); // 100
        assertThat(counts.firstUse(NONCE, "00000024")).isFalse(); // 36: 64 behind, outside the window
        assertThat(counts.firstUse(NONCE, "00000025")).isTrue(); // 37: 63 behind, the oldest slot
    }

    @Test
    void jumpPastTheWindowForgetsOlderCountsButStillAcceptsUnusedOnesInTheNewWindow() {
        assertThat(counts.firstUse(NONCE, "00000001")).isTrue();
        assertThat(counts.firstUse(NONCE, "000000c8")).isTrue(); // 200
        assertThat(counts.firstUse(NONCE, "00000096")).isTrue(); // 150, never used
        assertThat(counts.firstUse(NONCE, "00000096")).isFalse();
        assertThat(counts.firstUse(NONCE, "00000001")).isFalse();
    }

    @Test
    void upperAndLowerCaseHexAreTheSameCount() {
        assertThat(counts.firstUse(NONCE, "0000000A")).isTrue();
        assertThat(counts.firstUse(NONCE, "0000000a")).isFalse();
        assertThat(counts.firstUse(NONCE, "ffffffff")).isTrue();
    }

    @Test
    void malformedCountsAreRefused() {
        for (String nc : new String[] {null, "", "1", "0000001", "000000001", "0000000g", "00000000", " 0000001",
                "+0000001", "0x000001", "0000001\n", "\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0661", "０００００００１"}) {
            assertThat(counts.firstUse(NONCE, nc)).as("nc %s", nc).isFalse();
        }
        assertThat(counts.trackedNonces()).isZero();
    }

    @Test
    void missingOrHugeNoncesAreRefused() {
        assertThat(counts.firstUse(null, "00000001")).isFalse();
        assertThat(counts.firstUse("", "00000001")).isFalse();
        assertThat(counts.firstUse("n".repeat(NonceCounts.MAX_TEXT_LENGTH + 1), "00000001")).isFalse();
        assertThat(counts.firstUseWithoutCount("n".repeat(NonceCounts.MAX_TEXT_LENGTH + 1), "abc")).isFalse();
        assertThat(counts.firstUseWithoutCount(NONCE, null)).isFalse();
    }

    @Test
    void responseWithoutQopIsAcceptedOnceAndAnotherResponseToTheSameNonceToo() {
        String register = "db94e01e92f2b09a52a234eeca8b90f7";
        String invite = "6629fae49393a05397450978507c4ef1";
        assertThat(counts.firstUseWithoutCount(NONCE, register)).isTrue();
        assertThat(counts.firstUseWithoutCount(NONCE, register)).isFalse();
        assertThat(counts.firstUseWithoutCount(NONCE, invite)).isTrue();
        assertThat(counts.firstUseWithoutCount(OTHER_NONCE, register)).isTrue();
        // The counted and uncounted forms of one nonce keep separate books.
        assertThat(counts.firstUse(NONCE, "00000001")).isTrue();
    }

    @Test
    void memoryStaysWithinTheMaximumNumberOfNonces() {
        NonceCounts small = new NonceCounts(Duration.ofMinutes(5), 100, clock);
        for (int i = 0; i < 10_000; i++) {
            small.firstUse("nonce-" + i, "00000001");
        }
        assertThat(small.trackedNonces()).isLessThanOrEqualTo(100);
    }

    @Test
    void noncesAreForgottenOnceTheyCanOnlyBeStale() {
        counts.firstUse(NONCE, "00000001");
        clock.advance(Duration.ofMinutes(5));
        assertThat(counts.trackedNonces()).isEqualTo(1);
        clock.advance(NonceService.MAX_FUTURE_SKEW.plusSeconds(1));
        assertThat(counts.trackedNonces()).isZero();
    }

    @Test
    void racingRequestsWithTheSamePairAreAcceptedExactlyOnce() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 200; round++) {
                String nonce = "race-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return counts.firstUse(nonce, "00000007");
                    }));
                }
                start.countDown();
                int accepted = 0;
                for (Future<Boolean> result : results) {
                    accepted += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(accepted).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
