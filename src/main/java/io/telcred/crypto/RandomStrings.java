package io.telcred.crypto;

import java.security.SecureRandom;

/** Random identifiers and secrets from a cryptographically strong source. */
public final class RandomStrings {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final char[] HEX_LOWER = "0123456789abcdef".toCharArray();
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomStrings() {
    }

    public static String alphanumeric(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return out.toString();
    }

    public static String hexLower(int length) {
        return hex(length, HEX_LOWER);
    }

    public static String hexUpper(int length) {
        return hex(length, HEX_UPPER);
    }

    public static byte[] bytes(int count) {
        byte[] out = new byte[count];
        RANDOM.nextBytes(out);
        return out;
    }

    private static String hex(int length, char[] digits) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(digits[RANDOM.nextInt(16)]);
        }
        return out.toString();
    }
}
