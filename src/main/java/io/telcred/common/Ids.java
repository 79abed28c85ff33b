package io.telcred.common;

import io.telcred.crypto.RandomStrings;
import java.nio.ByteBuffer;
import java.util.UUID;

/** Identifiers of records: UUIDs, and the numeric ids that connections carry on the wire. */
public final class Ids {

    private Ids() {
    }

    /** A random (version 4) UUID, drawn from this thread's generator rather than the JDK's shared one. */
    public static String uuid() {
        byte[] bytes = RandomStrings.bytes(16);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }

    /**
     * A positive 63-bit number: milliseconds since the epoch in the high bits and 22 random bits
     * below, so ids sort roughly by creation and two nodes seldom pick the same one (the primary
     * key catches the rest).
     */
    public static long numeric() {
        long millis = System.currentTimeMillis() & ((1L << 41) - 1);
        byte[] random = RandomStrings.bytes(3);
        return (millis << 22) | (((random[0] & 0x3f) << 16) | ((random[1] & 0xff) << 8) | (random[2] & 0xff));
    }

    public static boolean isUuid(String text) {
        if (text == null || text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The numeric id in {@code text}, or -1 when it is not one. */
    public static long parseNumeric(String text) {
        if (text == null || text.isEmpty() || text.length() > 19) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            long value = Long.parseLong(text);
            return value > 0 ? value : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
