package io.telcred.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Once the database could not be reached, calls are refused and a probe of its own thread asks the
 * database, one at a time and no more often than the probe interval; only a probe ends the outage.
 */
class OutageTest {

    private final Outage outage = new Outage();

    @Test
    void notDownUntilACallFailsToReachTheDatabase() {
        assertThat(outage.down()).isFalse();
        outage.unreachable();
        assertThat(outage.down()).isTrue();
    }

    @Test
    void aProbeThatGetsAnAnswerEndsTheOutage() throws InterruptedException {
        outage.probeInterval(Duration.ZERO);
        outage.unreachable();
        CountDownLatch probed = new CountDownLatch(1);

        outage.probeIfDue(() -> {
            probed.countDown();
            return true;
        });

        assertThat(probed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(eventually(() -> !outage.down())).isTrue();
    }

    @Test
    void oneProbeAtATimeAndNoneBeforeTheInterval() throws InterruptedException {
        outage.probeInterval(Duration.ofMillis(300));
        outage.unreachable();
        AtomicInteger probes = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);

        outage.probeIfDue(() -> {
            probes.incrementAndGet();
            return false;
        });
        assertThat(probes.get()).as("the interval starts when the outage is seen").isZero();

        Thread.sleep(350);
        for (int i = 0; i < 5; i++) {
            outage.probeIfDue(() -> {
                probes.incrementAndGet();
                awaitQuietly(release);
                return false;
            });
        }
        assertThat(eventually(() -> probes.get() == 1)).isTrue();
        Thread.sleep(50);
        assertThat(probes.get()).as("a probe runs alone").isEqualTo(1);

        release.countDown();
        Thread.sleep(50);
        outage.probeIfDue(() -> probes.incrementAndGet() < 0);
        Thread.sleep(50);
        assertThat(probes.get()).as("a failed probe waits out the interval before the next").isEqualTo(1);
        assertThat(outage.down()).isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
