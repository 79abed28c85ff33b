package io.telcred.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Waits for something another thread brings about (an event, a webhook), looking every 20 ms. */
public final class Waiting {

    private Waiting() {
    }

    /** The first value {@code look} finds within {@code wait}; fails the test with {@code missing} otherwise. */
    public static <T> T until(Supplier<Optional<T>> look, Duration wait, Supplier<String> missing) {
        long end = System.nanoTime() + wait.toNanos();
        do {
            Optional<T> found = look.get();
            if (found.isPresent()) {
                return found.get();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < end);
        throw new AssertionError(missing.get());
    }
}
