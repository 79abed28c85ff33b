package io.telcred.webhook;

/** Filters of the delivery log; a null member does not filter. */
public record DeliveryQuery(DeliveryStatus status, String eventType) {

    public static final DeliveryQuery ALL = new DeliveryQuery(null, null);
}
