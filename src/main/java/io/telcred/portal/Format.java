package io.telcred.portal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the portal writes values: times in UTC to the minute, the same on every page. */
public final class Format {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Format() {
    }

    public static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }
}
