package io.telcred.http;

import io.telcred.common.ForwardedFor;
import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.time.Duration;
import java.util.List;

/**
 * The HTTP door's limits and address.
 *
 * @param maxBodyBytes          larger request bodies are refused with 413
 * @param maxPageSize           the largest {@code page[size]} a list accepts
 * @param authFailuresPerMinute bad API keys one address may present in a minute before 429
 * @param maxThreads            request threads; beyond them requests wait in Jetty's queue
 * @param reverseProxies        networks (CIDRs) of reverse proxies in front of the API: a request
 *                              from one of them comes from the client its {@code X-Forwarded-For} names
 * @param maxActiveRequests     API requests at work at once; the rest wait their turn in arrival
 *                              order, which keeps latency even instead of slicing a few cores and
 *                              the database's locks between many requests
 * @param maxQueueWait          a request that waited this long for its turn is answered 503
 * @param busyRetryAfter        the Retry-After of that answer
 */
public record HttpSettings(String host, int port, long maxBodyBytes, int maxPageSize, int authFailuresPerMinute,
                           int maxThreads, List<String> reverseProxies, int maxActiveRequests, Duration maxQueueWait,
                           Duration busyRetryAfter, int httpsPort, int acceptQueue) {

    public static final Setting<String> HOST = Setting.text("TELCRED_HTTP_HOST", "0.0.0.0", "address the HTTP server binds");
    public static final Setting<Integer> PORT = Setting.integer("TELCRED_HTTP_PORT", 8080, 0, 65_535,
            "HTTP port (0 picks a free one)");
    public static final Setting<Integer> HTTPS_PORT = Setting.integer("TELCRED_HTTPS_PORT", 8443, 0, 65_535,
            "HTTPS port, for the REST API and wss:// WebRTC (the mobile SDKs connect only over TLS); opened when "
                    + "`TELCRED_SIP_TLS_CERTIFICATE` is set, with that certificate (0 picks a free one)");
    public static final Setting<Integer> ACCEPT_QUEUE = Setting.integer("TELCRED_HTTP_ACCEPT_QUEUE", 1_024, 1, 65_535,
            "connections the kernel holds for the HTTP and HTTPS ports before they are accepted (capped by "
                    + "`net.core.somaxconn`); beyond it a client's connection attempt is retried a second later");
    public static final Setting<Integer> MAX_THREADS = Setting.integer("TELCRED_HTTP_MAX_THREADS", 200, 8, 10_000,
            "request threads; further requests wait in line");
    public static final Setting<Integer> MAX_BODY_BYTES = Setting.integer("TELCRED_HTTP_MAX_BODY_BYTES", 65_536, 1_024,
            64 * 1024 * 1024, "larger request bodies get 413");
    public static final Setting<Integer> MAX_PAGE_SIZE = Setting.integer("TELCRED_HTTP_MAX_PAGE_SIZE", 250, 1, 10_000,
            "largest `page[size]`");
    public static final Setting<Integer> MAX_ACTIVE_REQUESTS = Setting.integer("TELCRED_HTTP_MAX_ACTIVE_REQUESTS", 8, 1,
            10_000, "API requests at work at once; further ones wait their turn in arrival order (keep it below "
                    + "`TELCRED_DATABASE_POOL_SIZE`)");
    public static final Setting<Duration> MAX_QUEUE_WAIT = Setting.millis("TELCRED_HTTP_MAX_QUEUE_WAIT_MS", 5_000, 1,
            600_000, "an API request that waited this long for its turn is answered 503 with `Retry-After: 1`");
    /** An overloaded server frees up within a second or so; longer would idle it once the burst is over. */
    private static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);
    public static final Setting<Integer> AUTH_FAILURES_PER_MINUTE = Setting.integer("TELCRED_API_AUTH_FAILURES_PER_MINUTE",
            20, 1, 1_000_000, "bad API keys one address may present per minute before it gets 429 for a minute");

    public HttpSettings {
        reverseProxies = List.copyOf(reverseProxies);
    }

    public static HttpSettings from(SettingValues values) {
        return new HttpSettings(values.get(HOST), values.get(PORT), values.get(MAX_BODY_BYTES), values.get(MAX_PAGE_SIZE),
                values.get(AUTH_FAILURES_PER_MINUTE), values.get(MAX_THREADS), values.get(ForwardedFor.REVERSE_PROXIES),
                values.get(MAX_ACTIVE_REQUESTS), values.get(MAX_QUEUE_WAIT), BUSY_RETRY_AFTER, values.get(HTTPS_PORT),
                values.get(ACCEPT_QUEUE));
    }
}
