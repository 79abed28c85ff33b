package io.telcred.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.telcred.metrics.MeterNames;
import io.telcred.metrics.Metrics;
import io.telcred.metrics.StatusClasses;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Times every HTTP request by its route's template ({@code /v2/telephony_credentials/{id}}, never
 * the path with the id in it, which would make a series per credential), method and status
 * class. A request that matched no route counts under {@value #UNMATCHED}.
 */
final class RequestMetrics {

    static final String UNMATCHED = "unmatched";
    /** The histogram's buckets: from a cached lookup to a request that waited its turn at length. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;

    RequestMetrics(Metrics metrics) {
        this.registry = metrics.registry();
    }

    /** Javalin's request logger: called once a request is answered, with its time in milliseconds. */
    void handled(Context ctx, Float millis) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        Timer.builder(MeterNames.HTTP_REQUESTS).description("HTTP requests by route, method and status class")
                .tags("method", ctx.method().name(), "route", endpoint == null ? UNMATCHED : endpoint.path,
                        "status", StatusClasses.of(ctx.statusCode()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }
}
