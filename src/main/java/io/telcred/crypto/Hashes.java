package io.telcred.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hex digests used by SIP digest authentication and for API key lookup. MD5 and SHA-256, the ones
 * used per request, come from a digest object per thread: looking one up by name in the provider
 * list costs more than hashing a short text.
 */
public final class Hashes {

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> newDigest("MD5"));
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> newDigest("SHA-256"));

    private Hashes() {
    }

    public static String md5Hex(String text) {
        return hex(MD5.get(), text);
    }

    public static byte[] md5(String text) {
        return MD5.get().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(String text) {
        return hex(SHA_256.get(), text);
    }

    /** This thread's SHA-256, ready for input; each {@code digest()} leaves it ready again. */
    public static MessageDigest sha256() {
        return SHA_256.get();
    }

    public static String hex(String algorithm, String text) {
        return switch (algorithm) {
            case "MD5" -> md5Hex(text);
            case "SHA-256" -> sha256Hex(text);
            default -> hex(newDigest(algorithm), text);
        };
    }

    /** A new digest object; unchecked, as every JDK has the algorithms telcred names. */
    public static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    /** Compares two secrets in time independent of where they differ. */
    public static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(MessageDigest digest, String text) {
        return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
