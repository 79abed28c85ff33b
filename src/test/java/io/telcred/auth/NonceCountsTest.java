package io.telcred.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.testing.MutableClock;
import java.nio.charset.StandardCharsets;
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

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final MutableClock clock = new MutableClock();
    private final NonceService nonces = new NonceService(SECRET, 0, clock, Duration.ofMinutes(5));
    private final NonceCounts counts = new NonceCounts(Duration.ofMinutes(5), 1_000, clock);
    private final String nonce = nonces.issue();
    private final String otherNonce = nonces.issue();

    @Test
    void firstUseOfAPairIsAcceptedAndItsReplayIsNot() {
        assertThat(counts.firstUse(nonce, "00000001")).isTrue();
        assertThat(counts.firstUse(nonce, "00000001")).isFalse();
        assertThat(counts.firstUse(nonce, "00000001")).isFalse();
    }

    @Test
    void risingCountsOnOneNonceAreEachAccepted() {
        for (int nc = 1; nc <= 300; nc++) {
            assertThat(counts.firstUse(nonce, String.format("%08x", nc))).isTrue();
        }
    }

    @Test
    void countsOfDifferentNoncesAreIndependent() {
        assertThat(counts.firstUse(nonce, "00000001")).isTrue();
        assertThat(counts.firstUse(otherNonce, "00000001")).isTrue();
    }

    @Test
    void countArrivingOutOfOrderWithinTheWindowIsAcceptedOnce() {
        assertThat(counts.firstUse(nonce, "00000005")).isTrue();
        assertThat(counts.firstUse(nonce, "00000003")).isTrue();
        assertThat(counts.firstUse(nonce, "00000004")).isTrue();
        assertThat(counts.firstUse(nonce, "00000003")).isFalse();
        assertThat(counts.firstUse(nonce, "00000005")).isFalse();
        assertThat(counts.firstUse(nonce, "00000001")).isTrue();
    }

    @Test
    void countFarBehindTheHighestIsRefused() {
        assertThat(counts.firstUse(nonce, "00000064")).isTrue(); // 100
        assertThat(counts.firstUse(nonce, "00000024")).isFalse(); // 36: 64 behind, outside the window
        assertThat(counts.firstUse(nonce, "00000025")).isTrue(); // 37: 63 behind, the oldest slot
    }

    @Test
    void jumpPastTheWindowForgetsOlderCountsButStillAcceptsUnusedOnesInTheNewWindow() {
        assertThat(counts.firstUse(nonce, "00000001")).isTrue();
        assertThat(counts.firstUse(nonce, "000000c8")).isTrue(); // 200
        assertThat(counts.firstUse(nonce, "00000096")).isTrue(); // 150, never used
        assertThat(counts.firstUse(nonce, "00000096")).isFalse();
        assertThat(counts.firstUse(nonce, "00000001")).isFalse();
    }

    @Test
    void upperAndLowerCaseHexAreTheSameCount() {
        assertThat(counts.firstUse(nonce, "0000000A")).isTrue();
        assertThat(counts.firstUse(nonce, "0000000a")).isFalse();
        assertThat(counts.firstUse(nonce, "ffffffff")).isTrue();
    }

    @Test
    void malformedCountsAreRefused() {
        for (String nc : new String[] {null, "", "1", "0000001", "000000001", "0000000g", "00000000", " 0000001",
                "+0000001", "0x000001", "0000001\n", "\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0661", "０００００００１"}) {
            assertThat(counts.firstUse(nonce, nc)).as("nc %s", nc).isFalse();
        }
        assertThat(counts.trackedNonces()).isZero();
    }

    @Test
    void missingHugeAndForeignNoncesAreRefused() {
        assertThat(counts.firstUse(null, "00000001")).isFalse();
        assertThat(counts.firstUse("", "00000001")).isFalse();
        assertThat(counts.firstUse("n".repeat(NonceCounts.MAX_TEXT_LENGTH + 1), "00000001")).isFalse();
        assertThat(counts.firstUse(nonce.substring(1), "00000001")).isFalse();
        assertThat(counts.firstUse(nonce.substring(0, 25) + "!" + nonce.substring(26), "00000001")).isFalse();
        assertThat(counts.firstUseWithoutCount("n".repeat(NonceCounts.MAX_TEXT_LENGTH + 1), "abc")).isFalse();
        assertThat(counts.firstUseWithoutCount(nonce, null)).isFalse();
        assertThat(counts.firstUseWithoutCount(nonce, "")).isFalse();
        assertThat(counts.firstUseWithoutCount(nonce, "a".repeat(NonceCounts.MAX_TEXT_LENGTH + 1))).isFalse();
        assertThat(counts.trackedNonces()).isZero();
    }

    @Test
    void responseWithoutQopIsAcceptedOnceAndAnotherResponseToTheSameNonceToo() {
        String register = "db94e01e92f2b09a52a234eeca8b90f7";
        String invite = "6629fae49393a05397450978507c4ef1";
        assertThat(counts.firstUseWithoutCount(nonce, register)).isTrue();
        assertThat(counts.firstUseWithoutCount(nonce, register)).isFalse();
        assertThat(counts.firstUseWithoutCount(nonce, invite)).isTrue();
        assertThat(counts.firstUseWithoutCount(otherNonce, register)).isTrue();
        // The counted and uncounted forms of one nonce keep separate books.
        assertThat(counts.firstUse(nonce, "00000001")).isTrue();
    }

    @Test
    void responseWithoutQopReplayedInUpperCaseIsARepeat() {
        // The directory accepts hex in either case, so the case must not make a second use.
        assertThat(counts.firstUseWithoutCount(nonce, "db94e01e92f2b09a52a234eeca8b90f7")).isTrue();
        assertThat(counts.firstUseWithoutCount(nonce, "DB94E01E92F2B09A52A234EECA8B90F7")).isFalse();
        assertThat(counts.firstUseWithoutCount(nonce, "Db94e01e92f2b09a52a234eeca8b90f7")).isFalse();
    }

    @Test
    void memoryStaysWithinTheMaximumNumberOfNonces() {
        NonceCounts small = new NonceCounts(Duration.ofMinutes(5), 100, clock);
        for (int i = 0; i < 10_000; i++) {
            assertThat(small.firstUse(nonces.issue(), "00000001")).isTrue();
        }
        assertThat(small.trackedNonces()).isLessThanOrEqualTo(100);
        assertThat(small.heldEntries()).isLessThanOrEqualTo(100);
    }

    @Test
    void entryTakesAtMostSixtyFourBytes() {
        // Slots are 24 bytes and tables a power of two at most three quarters full.
        NonceCounts big = new NonceCounts(Duration.ofMinutes(5), clock);
        int entries = 300_000;
        for (int i = 0; i < entries; i++) {
            big.firstUse(nonces.issue(), "00000001");
        }
        assertThat(big.heldEntries()).isEqualTo(entries);
        assertThat(big.heldBytes() / (double) entries).isLessThanOrEqualTo(64);
    }

    @Test
    void noncesAreForgottenOnceTheyCanOnlyBeStale() {
        counts.firstUse(nonce, "00000001");
        clock.advance(Duration.ofMinutes(5));
        assertThat(counts.trackedNonces()).isEqualTo(1);
        clock.advance(NonceService.MAX_FUTURE_SKEW.plusSeconds(1));
        assertThat(counts.trackedNonces()).isZero();
    }

    @Test
    void nonceIsRememberedForItsWholeLifeAfterItsGenerationBecomesThePreviousOne() {
        clock.advance(Duration.ofMinutes(5));
        String late = nonces.issue();
        assertThat(counts.firstUse(late, "00000001")).isTrue();
        clock.advance(NonceService.MAX_FUTURE_SKEW.plusSeconds(10));
        assertThat(counts.firstUse(nonce, "00000001")).isTrue(); // the first period is over: rotates
        clock.advance(Duration.ofMinutes(4));
        assertThat(counts.firstUse(late, "00000001")).isFalse();
        assertThat(counts.firstUse(late, "00000002")).isTrue();
        assertThat(counts.firstUse(late, "00000002")).isFalse();
        assertThat(counts.trackedNonces()).isEqualTo(2);
    }

    @Test
    void nonceWhoseEntryExpiredCountsFromScratch() {
        assertThat(counts.firstUse(nonce, "00000001")).isTrue();
        clock.advance(Duration.ofMinutes(5).plus(NonceService.MAX_FUTURE_SKEW).plusSeconds(1));
        assertThat(counts.firstUse(nonce, "00000001")).isTrue();
        assertThat(counts.firstUse(nonce, "00000001")).isFalse();
    }

    @Test
    void expiredEntriesLeaveMemoryWithoutAnyFurtherUse() throws InterruptedException {
        NonceCounts swept = new NonceCounts(Duration.ofMinutes(5), 1_000, clock, Duration.ofMillis(10));
        swept.firstUse(nonce, "00000001");
        swept.firstUse(otherNonce, "00000001");
        clock.advance(Duration.ofMinutes(5).plus(NonceService.MAX_FUTURE_SKEW).multipliedBy(2));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (swept.heldEntries() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(swept.heldEntries()).isZero();
        assertThat(swept.heldBytes()).isZero();
    }

    @Test
    void racingRequestsWithTheSamePairAreAcceptedExactlyOnce() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 200; round++) {
                String nonce = nonces.issue();
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
