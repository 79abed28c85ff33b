package io.telcred.webhook;

import java.util.List;

/** A webhook with every attempt made so far, oldest first: one row of the delivery log. */
public record DeliveryRecord(OutboxEntry entry, List<DeliveryAttempt> attempts) {

    public DeliveryRecord {
        attempts = List.copyOf(attempts);
    }
}
