package io.telcred.metrics;

import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Counters of one name that differ in one tag whose values are known up front (outcomes, say),
 * resolved when built: counting is a lookup in a small map, and every value shows from the start,
 * at zero.
 */
public final class CounterFamily {

    private final Map<String, Counter> counters;

    /**
     * @param fixedTags tag keys and values every counter of the family carries
     */
    public CounterFamily(Metrics metrics, String name, String description, String tag, List<String> values,
                         String... fixedTags) {
        this.counters = values.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                value -> Counter.builder(name).description(description).tags(fixedTags).tag(tag, value)
                        .register(metrics.registry())));
    }

    /** Counts one of {@code value}, which must be one of the values the family was built with. */
    public void increment(String value) {
        Counter counter = counters.get(value);
        if (counter == null) {
            throw new IllegalArgumentException("no counter for " + value);
        }
        counter.increment();
    }
}
