package io.telcred.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;

/**
 * The registry every part of telcred counts in, and its Prometheus text. Parts are handed this
 * object and resolve their meters once, when they are built: counting a message is then one
 * increment of a counter they hold, with no lookup and no tags built per message.
 *
 * <p>{@link #none()} counts nowhere (a registry without a backend hands out meters that do
 * nothing): for the command line, for parts tested alone, and for a server with metrics off.
 */
public final class Metrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private JvmGcMetrics gc;

    private Metrics(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
        this.registry = registry;
        this.prometheus = prometheus;
    }

    /** A registry exposed in the Prometheus text format, with the JVM's own meters bound to it. */
    public static Metrics prometheus() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Metrics metrics = new Metrics(prometheus, prometheus);
        metrics.bindJvm();
        return metrics;
    }

    /** Meters that count nothing. */
    public static Metrics none() {
        return new Metrics(new CompositeMeterRegistry(), null);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The current values in the Prometheus text format, or empty when nothing is counted. */
    public Optional<String> scrape() {
        return prometheus == null ? Optional.empty() : Optional.of(prometheus.scrape());
    }

    private void bindJvm() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
    }

    /** Stops listening for garbage collections. */
    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
