package io.telcred.webhook;

import java.util.Locale;

/** Where a webhook is: still to be (re)tried, delivered, or given up. */
public enum DeliveryStatus {
    PENDING, DELIVERED, FAILED;

    /** The name the API and the store use: {@code pending}, {@code delivered}, {@code failed}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryStatus fromWire(String name) {
        for (DeliveryStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown delivery status " + name);
    }
}
