package io.telcred.webhook;

/**
 * One attempt to deliver a webhook.
 *
 * @param httpStatus the receiver's status code, or null when there was no answer
 * @param error      why it failed without an answer (refused address, timeout, connection refused), or null
 */
public record DeliveryAttempt(int number, String url, boolean delivered, Integer httpStatus, String error,
                              java.time.Instant startedAt, java.time.Instant finishedAt) {
}
