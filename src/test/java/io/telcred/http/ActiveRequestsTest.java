package io.telcred.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.common.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** No more requests work at once than allowed; the rest wait their turn, and one that waited too long is told to retry. */
class ActiveRequestsTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void noMoreThanTheLimitWorkAtOnceAndTheRestWaitTheirTurn() throws Exception {
        ActiveRequests active = new ActiveRequests(3, Duration.ofSeconds(30), Duration.ofSeconds(1));
        AtomicInteger working = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            requests.add(threads.submit(() -> {
                active.run(() -> {
                    most.accumulateAndGet(working.incrementAndGet(), Math::max);
                    go.await();
                    working.decrementAndGet();
                });
                return null;
            }));
        }
        while (working.get() < 3) {
            Thread.onSpinWait();
        }
        go.countDown();
        for (Future<?> request : requests) {
            request.get(30, TimeUnit.SECONDS);
        }
        assertThat(most.get()).isEqualTo(3);
    }

    @Test
    void aRequestThatFindsNoPlaceInTimeIsAnswered503WithRetryAfter() throws Exception {
        ActiveRequests active = new ActiveRequests(1, Duration.ofMillis(1), Duration.ofSeconds(1));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> first = threads.submit(() -> {
            active.run(() -> {
                holding.countDown();
                release.await();
            });
            return null;
        });
        holding.await();
        assertThatThrownBy(() -> active.run(() -> { }))
                .isInstanceOfSatisfying(RequestRefused.class, refused -> {
                    assertThat(refused.status()).isEqualTo(503);
                    assertThat(refused.problem()).isEqualTo(Problem.UNAVAILABLE);
                    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
                });
        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        AtomicInteger ran = new AtomicInteger();
        active.run(ran::incrementAndGet);
        assertThat(ran.get()).as("the place is given back").isEqualTo(1);
    }
}
