package io.telcred.metrics;

/** The class of a status code as a tag value ({@code 2xx}), HTTP's and SIP's alike; a status out of range is {@code other}. */
public final class StatusClasses {

    /** The tag values by the status's first digit; index 0 and above 6 are out of range. */
    private static final String[] NAMES = {"other", "1xx", "2xx", "3xx", "4xx", "5xx", "6xx"};

    private StatusClasses() {
    }

    /** 1 for 1xx up to 6 for 6xx; 0 for anything else. */
    public static int index(int status) {
        int digit = status / 100;
        return status >= 100 && digit < NAMES.length ? digit : 0;
    }

    public static String of(int status) {
        return NAMES[index(status)];
    }

    /** Every index {@link #index} returns, so that a counter per class can be resolved up front. */
    public static int count() {
        return NAMES.length;
    }

    public static String ofIndex(int index) {
        return NAMES[index];
    }
}
