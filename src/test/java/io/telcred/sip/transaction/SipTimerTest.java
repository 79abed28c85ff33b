package io.telcred.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.Timeout;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SipTimerTest {

    private final SipTimer timer = new SipTimer();

    @AfterEach
    void stop() {
        timer.stop();
    }

    @Test
    void aTimerRunsAfterItsDelayAndIsThenExpired() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        long start = System.nanoTime();
        Timeout timeout = timer.newTimeout(t -> ran.countDown(), 50, TimeUnit.MILLISECONDS);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(timeout.isExpired()).isTrue();
        assertThat(timeout.cancel()).isFalse();
        assertThat(timeout.isCancelled()).isFalse();
    }

    @Test
    void aCancelledTimerNeverRuns() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        Timeout timeout = timer.newTimeout(t -> runs.incrementAndGet(), 30, TimeUnit.MILLISECONDS);
        assertThat(timeout.cancel()).isTrue();
        assertThat(timeout.isCancelled()).isTrue();
        CountDownLatch later = new CountDownLatch(1);
        timer.newTimeout(t -> later.countDown(), 100, TimeUnit.MILLISECONDS);
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(0);
        assertThat(timeout.isExpired()).isFalse();
    }

    @Test
    void aFailingTaskDoesNotStopTheOthers() throws InterruptedException {
        timer.newTimeout(t -> {
            throw new IllegalStateException("boom");
        }, 0, TimeUnit.MILLISECONDS);
        CountDownLatch ran = new CountDownLatch(1);
        timer.newTimeout(t -> ran.countDown(), 20, TimeUnit.MILLISECONDS);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void timersRunInTheOrderTheyAreDue() throws InterruptedException {
        StringBuffer order = new StringBuffer();
        CountDownLatch done = new CountDownLatch(3);
        timer.newTimeout(t -> { order.append('c'); done.countDown(); }, 90, TimeUnit.MILLISECONDS);
        timer.newTimeout(t -> { order.append('a'); done.countDown(); }, 10, TimeUnit.MILLISECONDS);
        timer.newTimeout(t -> { order.append('b'); done.countDown(); }, 50, TimeUnit.MILLISECONDS);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).hasToString("abc");
    }

    @Test
    void aStoppedTimerRefusesNewTimersAndRunsNoneLeft() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        timer.newTimeout(t -> runs.incrementAndGet(), 50, TimeUnit.MILLISECONDS);
        timer.stop();
        assertThatThrownBy(() -> timer.newTimeout(t -> { }, 1, TimeUnit.MILLISECONDS))
                .isInstanceOf(IllegalStateException.class);
        Thread.sleep(150);
        assertThat(runs).hasValue(0);
    }
}
