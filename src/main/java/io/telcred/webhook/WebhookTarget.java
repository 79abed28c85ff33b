package io.telcred.webhook;

import io.telcred.connection.ConnectionSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Where a webhook goes: the connection's event URL, its failover URL (or null), and how long an attempt may take. */
public record WebhookTarget(String url, String failoverUrl, Duration timeout) {

    public WebhookTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The connection's webhook target, or empty when it has no {@code webhook_event_url}. */
    public static Optional<WebhookTarget> of(ConnectionSettings settings, Duration defaultTimeout) {
        if (settings.webhookEventUrl() == null || settings.webhookEventUrl().isBlank()) {
            return Optional.empty();
        }
        Integer seconds = settings.webhookTimeoutSecs();
        Duration timeout = seconds == null || seconds <= 0 ? defaultTimeout : Duration.ofSeconds(seconds);
        String failover = settings.webhookEventFailoverUrl();
        return Optional.of(new WebhookTarget(settings.webhookEventUrl(), failover == null || failover.isBlank() ? null
                : failover, timeout));
    }
}
