package io.telcred.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.common.Readiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The steps of a graceful stop run in order: refuse, drain, close sockets, close doors, close the platform. */
class GracefulShutdownTest {

    private final List<String> steps = Collections.synchronizedList(new ArrayList<>());

    @Test
    void stepsRunInOrderAndTheDrainWaitsForTheWorkInFlight() {
        GracefulShutdown shutdown = new GracefulShutdown(List.of(new RecordingDoor("sip", 3), new RecordingDoor("http", 1)),
                () -> steps.add("platform closed"), Duration.ofSeconds(10), Duration.ofSeconds(7));
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
        RecordingDoor busy = new RecordingDoor("sip", Integer.MAX_VALUE);
        GracefulShutdown shutdown = new GracefulShutdown(List.of(busy), () -> steps.add("platform closed"),
                Duration.ofMillis(200), Duration.ofSeconds(1));
        long start = System.nanoTime();

        shutdown.run();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(steps).containsExactly("sip refuses new work, retry after 1 s", "sip sockets closed", "sip closed",
                "platform closed");
    }

    @Test
    void readinessTurnsToDrainingBeforeAnyDoorRefuses() {
        List<String> seen = new ArrayList<>();
        GracefulShutdown[] shutdown = new GracefulShutdown[1];
        RecordingDoor door = new RecordingDoor("sip", 0) {
            @Override
            public void refuseNewWork(Duration retryAfter) {
                seen.add(shutdown[0].readiness().state());
            }
        };
        shutdown[0] = new GracefulShutdown(List.of(door), () -> { }, Duration.ofSeconds(1), Duration.ofSeconds(1));

        shutdown[0].run();

        assertThat(seen).containsExactly("draining");
    }

    /** A door that is busy for its first {@code busyPolls} looks, and writes down each step. */
    private class RecordingDoor implements GracefulShutdown.Door {

        private final String name;
        private final AtomicInteger busyPolls;
        private boolean reportedIdle;

        RecordingDoor(String name, int busyPolls) {
            this.name = name;
            this.busyPolls = new AtomicInteger(busyPolls);
        }

        @Override
        public void refuseNewWork(Duration retryAfter) {
            steps.add(name + " refuses new work, retry after " + retryAfter.toSeconds() + " s");
        }

        @Override
        public boolean idle() {
            if (busyPolls.getAndDecrement() > 0) {
                return false;
            }
            if (!reportedIdle) {
                reportedIdle = true;
                steps.add(name + " idle");
            }
            return true;
        }

        @Override
        public void closeSockets() {
            steps.add(name + " sockets closed");
        }

        @Override
        public void close() {
            steps.add(name + " closed");
        }
    }
}
