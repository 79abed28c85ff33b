package io.telcred.auth;

import java.nio.charset.StandardCharsets;

/**
 * Unpadded base64url (RFC 4648 §5) for nonces, into and out of buffers the caller keeps, so that
 * the hot path allocates nothing but the text it returns. Decoding is strict: the one spelling
 * {@link #encode} produces is the only one accepted, with the unused low bits of the last
 * character zero, where {@link java.util.Base64} would ignore them.
 */
final class Base64Url {

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);
    /** Character to its 6-bit value, -1 for a character outside the alphabet. */
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
        }
    }

    private Base64Url() {
    }

    /** Characters that {@code bytes} bytes take. */
    static int length(int bytes) {
        return (bytes * 8 + 5) / 6;
    }

    /** The text of {@code bytes}, built in {@code text}, which must hold exactly {@link #length} characters. */
    static String encode(byte[] bytes, byte[] text) {
        int bits = 0;
        int pending = 0;
        int out = 0;
        for (byte b : bytes) {
            bits = (bits << 8) | (b & 0xff);
            pending += 8;
            while (pending >= 6) {
                pending -= 6;
                text[out++] = ALPHABET[(bits >>> pending) & 0x3f];
            }
        }
        if (pending > 0) {
            text[out++] = ALPHABET[(bits << (6 - pending)) & 0x3f];
        }
        return new String(text, 0, out, StandardCharsets.ISO_8859_1);
    }

    /**
     * Fills {@code bytes} from a text of exactly {@link #length} characters; false, with
     * {@code bytes} in an unspecified state, for any other length, a character outside the
     * alphabet, or unused bits that are not zero.
     */
    static boolean decode(String text, byte[] bytes) {
        if (text.length() != length(bytes.length)) {
            return false;
        }
        int bits = 0;
        int pending = 0;
        int out = 0;
        for (int i = 0; i < text.length(); i++) {
            int value = value(text.charAt(i));
            if (value < 0) {
                return false;
            }
            bits = (bits << 6) | value;
            pending += 6;
            if (pending >= 8) {
                pending -= 8;
                bytes[out++] = (byte) (bits >>> pending);
            }
        }
        return (bits & ((1 << pending) - 1)) == 0;
    }

    /**
     * The bits of {@code count} characters (at most 11) from {@code from} on, as one number whose
     * highest bits are dropped when there are more than 64; 0 if any is outside the alphabet.
     */
    static long bits(String text, int from, int count) {
        long bits = 0;
        for (int i = from; i < from + count; i++) {
            int value = value(text.charAt(i));
            if (value < 0) {
                return 0;
            }
            bits = (bits << 6) | value;
        }
        return bits;
    }

    private static int value(char c) {
        return c < VALUES.length ? VALUES[c] : -1;
    }
}
