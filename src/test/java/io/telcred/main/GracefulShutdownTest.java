package io.telcred.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.common.Readiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The steps of a graceful stop run in order: refuse, drain, close sockets, close doors, close the platform. */
class GracefulShutdownTest {

    private final List<String> steps = Collections.synchronizedList(new ArrayList<>());

    @Test
    void stepsRunInOrderAndTheDrainWaitsForTheWorkInFlight() {
        GracefulShutdown shutdown = new GracefulShutdown(List.of(door("sip", 3), door("http", 1)),
                () -> steps.add("platform closed"), Duration.ofSeconds(10), Duration.ofSeconds(7), Duration.ZERO);
        assertThat(shutdown.readiness().state()).isEqualTo(Readiness.OK);

        shutdown.run();

        assertThat(steps).containsExactly(
                "sip refuses new work, retry after 7 s", "http refuses new work, retry after 7 s",
                "sip idle", "http idle",
                "sip sockets closed", "http sockets closed",
                "sip closed", "http closed",
                "platform closed");
        assertThat(shutdown.readiness().state()).isEqualTo("draining");
    }

    @Test
    void workThatDoesNotFinishIsWaitedForOnlyTheGracePeriod() {
        GracefulShutdown.Door busy = door("sip", Integer.MAX_VALUE);
        GracefulShutdown shutdown = new GracefulShutdown(List.of(busy), () -> steps.add("platform closed"),
                Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ZERO);
        long start = System.nanoTime();

        shutdown.run();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(steps).containsExactly("sip refuses new work, retry after 1 s", "sip sockets closed", "sip closed",
                "platform closed");
    }

    @Test
    void newWorkIsRefusedForTheMinimumDrainEvenWithNothingInFlight() {
        GracefulShutdown shutdown = new GracefulShutdown(List.of(door("sip", 0)), () -> steps.add("platform closed"),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMillis(300));
        long start = System.nanoTime();

        shutdown.run();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
        assertThat(steps).containsExactly("sip refuses new work, retry after 1 s", "sip idle", "sip sockets closed",
                "sip closed", "platform closed");
    }

    @Test
    void readinessTurnsToDrainingBeforeAnyDoorRefuses() {
        List<String> seen = new ArrayList<>();
        GracefulShutdown[] shutdown = new GracefulShutdown[1];
        GracefulShutdown.Door door = new GracefulShutdown.Door(retryAfter -> seen.add(shutdown[0].readiness().state()),
                () -> true, () -> { }, () -> { });
        shutdown[0] = new GracefulShutdown(List.of(door), () -> { }, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ZERO);

        shutdown[0].run();

        assertThat(seen).containsExactly("draining");
    }

    /** A door that is busy for its first {@code busyPolls} looks, and writes down each step. */
    private GracefulShutdown.Door door(String name, int busyPolls) {
        AtomicInteger polls = new AtomicInteger(busyPolls);
        AtomicBoolean reportedIdle = new AtomicBoolean();
        return new GracefulShutdown.Door(
                retryAfter -> steps.add(name + " refuses new work, retry after " + retryAfter.toSeconds() + " s"),
                () -> {
                    if (polls.getAndDecrement() > 0) {
                        return false;
                    }
                    if (reportedIdle.compareAndSet(false, true)) {
                        steps.add(name + " idle");
                    }
                    return true;
                },
                () -> steps.add(name + " sockets closed"),
                () -> steps.add(name + " closed"));
    }
}
