package io.telcred.credential;

import java.util.Locale;

/** What the API shows as {@code status} and filters on with {@code filter[status]}. */
public enum CredentialStatus {
    ACTIVE, INACTIVE, EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status with this wire name, or null. */
    public static CredentialStatus parse(String text) {
        for (CredentialStatus status : values()) {
            if (status.wireName().equals(text)) {
                return status;
            }
        }
        return null;
    }
}
