package io.telcred.crypto;

import java.security.SecureRandom;

/**
 * Random identifiers and secrets from a cryptographically strong source. Every thread has its own
 * generator, seeded by the operating system, and each string takes its randomness in one draw: a
 * shared generator is synchronized, and busy servers queued on it.
 */
public final class RandomStrings {

    private static final char[] ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] HEX_LOWER = "0123456789abcdef".toCharArray();
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

    private RandomStrings() {
    }

    /** Uniform over the 62 letters and digits: 6-bit values of 62 and 63 are drawn again. */
    public static String alphanumeric(int length) {
        char[] out = new char[length];
        int filled = 0;
        while (filled < length) {
            byte[] bytes = bytes(length - filled + 4);
            for (int i = 0; i < bytes.length && filled < length; i++) {
                int value = bytes[i] & 0x3f;
                if (value < ALPHANUMERIC.length) {
                    out[filled++] = ALPHANUMERIC[value];
                }
            }
        }
        return new String(out);
    }

    public static String hexLower(int length) {
        return hex(length, HEX_LOWER);
    }

    public static String hexUpper(int length) {
        return hex(length, HEX_UPPER);
    }

    public static byte[] bytes(int count) {
        byte[] out = new byte[count];
        RANDOM.get().nextBytes(out);
        return out;
    }

    private static String hex(int length, char[] digits) {
        byte[] bytes = bytes((length + 1) / 2);
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            int b = bytes[i / 2] & 0xff;
            out[i] = digits[i % 2 == 0 ? b >>> 4 : b & 0x0f];
        }
        return new String(out);
    }
}
