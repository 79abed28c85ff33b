package io.telcred.webhook;

import java.time.Duration;
import java.util.Optional;

/**
 * Which URL each attempt of a webhook goes to and how long to wait before it: {@code attemptsPerUrl}
 * at the event URL with exponential backoff ({@code first}, twice that, ... at most {@code max}),
 * then as many at the failover URL, starting at once (another receiver owes nothing to the first's
 * backoff), then none.
 */
public record RetrySchedule(int attemptsPerUrl, Duration first, Duration max) {

    public RetrySchedule {
        if (attemptsPerUrl < 1 || first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("at least one attempt, and a longest wait not below the first");
        }
    }

    /** The URL of attempt {@code number} (from 1), or empty when the webhook is to be given up instead. */
    public Optional<String> url(int number, WebhookTarget target) {
        if (number <= attemptsPerUrl) {
            return Optional.of(target.url());
        }
        if (number <= 2 * attemptsPerUrl && target.failoverUrl() != null) {
            return Optional.of(target.failoverUrl());
        }
        return Optional.empty();
    }

    /** The wait between attempt {@code number} failing and the next attempt. */
    public Duration delayAfter(int number) {
        if (number == attemptsPerUrl) {
            return Duration.ZERO;
        }
        int retry = (number - 1) % attemptsPerUrl;
        Duration delay = first;
        for (int i = 0; i < retry && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
