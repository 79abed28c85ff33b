package io.telcred.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Token checks remembered until the token expires, and made once for a token many logins bring at once. */
class VerifiedSignaturesTest {

    private final MutableClock clock = new MutableClock();
    private final long now = clock.instant().getEpochSecond();

    @Test
    void aTokenBroughtByManyLoginsAtOnceIsCheckedOnce() throws Exception {
        VerifiedSignatures<Long> verified = new VerifiedSignatures<>(100, clock, claims -> claims);
        AtomicInteger checks = new AtomicInteger();
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService logins = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(logins.submit(() -> verified.claims("token", () -> {
                    checks.incrementAndGet();
                    checking.countDown();
                    await(release);
                    return now + 60;
                })));
            }
            assertThat(checking.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);
            release.countDown();
            for (Future<Long> result : results) {
                assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(now + 60);
            }
            assertThat(checks).hasValue(1);
        } finally {
            logins.shutdownNow();
        }
    }

    @Test
    void aRefusedTokenIsNotRememberedAndAnExpiredOneIsCheckedAgain() {
        VerifiedSignatures<Long> verified = new VerifiedSignatures<>(100, clock, claims -> claims);
        assertThatThrownBy(() -> verified.claims("bad", () -> {
            throw new IllegalStateException("refused");
        })).hasMessage("refused");
        assertThat(verified.claims("bad", () -> now + 10)).as("checked afresh").isEqualTo(now + 10);

        AtomicInteger checks = new AtomicInteger();
        Supplier<Long> check = () -> {
            checks.incrementAndGet();
            return now + 10;
        };
        verified.claims("good", check);
        verified.claims("good", check);
        assertThat(checks).hasValue(1);
        clock.advance(Duration.ofSeconds(11));
        verified.claims("good", check);
        assertThat(checks).as("checked again once expired").hasValue(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
