package io.telcred.webhook;

import io.telcred.common.Cidr;
import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.time.Duration;
import java.util.List;

/**
 * How webhooks are delivered: the retry schedule, the limits that keep one slow receiver from
 * holding the others up, and which addresses a webhook may be sent to.
 */
public record WebhookSettings(Duration defaultTimeout, RetrySchedule retries, int maxInFlight, int maxInFlightPerAccount,
                              int threads, Duration pollInterval, AddressPolicy addresses, Duration keepDeliveries,
                              int eventQueue) {

    public static final Setting<Duration> TIMEOUT = Setting.seconds("TELCRED_WEBHOOK_TIMEOUT_SECONDS", 10, 1, 30,
            "how long a webhook attempt waits for the answer when the connection sets no `webhook_timeout_secs`");
    public static final Setting<Integer> ATTEMPTS_PER_URL = Setting.integer("TELCRED_WEBHOOK_ATTEMPTS_PER_URL", 3, 1, 20,
            "attempts at the `webhook_event_url`, then as many at the `webhook_event_failover_url`, before a webhook is "
                    + "given up");
    public static final Setting<Duration> RETRY_FIRST = Setting.millis("TELCRED_WEBHOOK_RETRY_FIRST_MILLIS", 1_000, 10,
            600_000, "wait before the first retry of a webhook; each further retry waits twice as long");
    public static final Setting<Duration> RETRY_MAX = Setting.seconds("TELCRED_WEBHOOK_RETRY_MAX_SECONDS", 60, 1, 86_400,
            "the longest wait between two attempts of a webhook");
    public static final Setting<Integer> MAX_IN_FLIGHT = Setting.integer("TELCRED_WEBHOOK_MAX_IN_FLIGHT", 256, 1, 10_000,
            "webhook attempts under way at once on a node");
    public static final Setting<Integer> MAX_IN_FLIGHT_PER_ACCOUNT = Setting.integer(
            "TELCRED_WEBHOOK_MAX_IN_FLIGHT_PER_ACCOUNT", 8, 1, 1_000,
            "webhook attempts of one account under way at once: a slow or dead receiver holds no more than this");
    public static final Setting<Integer> THREADS = Setting.integer("TELCRED_WEBHOOK_THREADS", 4, 1, 64,
            "threads that sign webhooks, check their addresses and record their attempts (sending waits on none)");
    public static final Setting<Duration> POLL_INTERVAL = Setting.millis("TELCRED_WEBHOOK_POLL_MILLIS", 1_000, 10, 60_000,
            "how often the outbox is looked at for webhooks due (a webhook made on this node is sent at once); also "
                    + "how soon a retry or another node's webhook is picked up");
    public static final Setting<List<String>> ALLOWED_NETWORKS = Setting.networks("TELCRED_WEBHOOK_ALLOWED_NETWORKS",
            "private, link-local, shared (CGNAT) or other internal networks a webhook may be sent to, such as "
                    + "`10.0.0.0/8`; none by default");
    public static final Setting<Boolean> ALLOW_LOOPBACK = Setting.bool("TELCRED_WEBHOOK_ALLOW_LOOPBACK", true,
            "whether webhooks may go to a loopback address (a backend on the same host)");
    public static final Setting<Integer> KEEP_DAYS = Setting.integer("TELCRED_WEBHOOK_KEEP_DAYS", 7, 1, 3_650,
            "days a delivered or failed webhook stays in the delivery log");
    public static final Setting<Integer> EVENT_QUEUE = Setting.integer("TELCRED_WEBHOOK_EVENT_QUEUE", 10_000, 100,
            1_000_000, "registration events waiting to be written to the outbox; beyond it (the database is slow or "
                    + "down) events are dropped and counted rather than slow the registrar");

    public static WebhookSettings from(SettingValues values) {
        return new WebhookSettings(values.get(TIMEOUT),
                new RetrySchedule(values.get(ATTEMPTS_PER_URL), values.get(RETRY_FIRST), values.get(RETRY_MAX)),
                values.get(MAX_IN_FLIGHT), values.get(MAX_IN_FLIGHT_PER_ACCOUNT), values.get(THREADS),
                values.get(POLL_INTERVAL),
                new AddressPolicy(values.get(ALLOW_LOOPBACK), values.get(ALLOWED_NETWORKS).stream().map(Cidr::parse).toList()),
                Duration.ofDays(values.get(KEEP_DAYS)), values.get(EVENT_QUEUE));
    }
}
