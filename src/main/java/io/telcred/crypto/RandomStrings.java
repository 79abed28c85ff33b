package io.telcred.crypto;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Random identifiers and secrets from a cryptographically strong source. Every thread has its own
 * generator: a shared one is synchronized, and busy servers queued on it.
 *
 * <p>The generator is a NIST SP 800-90A DRBG (Hash_DRBG, SHA-256, 256-bit strength), seeded by the
 * operating system once per thread, at its first use; afterwards drawing is pure computation. The
 * platform default on Linux (NativePRNG) instead reads /dev/urandom under one lock for the whole
 * JVM, and the SIP core draws a tag for every response it sends. A DRBG call costs about the same
 * for 8 bytes as for 256, so each thread draws {@value #POOL_BYTES} at a time and hands them out
 * in order, erasing each byte as it goes: what is left in memory are bytes not yet given, which
 * the generator's own state could reproduce anyway.
 */
public final class RandomStrings {

    /** Bytes drawn from the generator at once; larger requests go to it directly. */
    static final int POOL_BYTES = 256;

    private static final char[] ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final HexFormat HEX_LOWER = HexFormat.of();
    private static final HexFormat HEX_UPPER = HexFormat.of().withUpperCase();
    private static final ThreadLocal<ThreadRandom> RANDOM = ThreadLocal.withInitial(ThreadRandom::new);

    private RandomStrings() {
    }

    /** Uniform over the 62 letters and digits: 6-bit values of 62 and 63 are drawn again. */
    public static String alphanumeric(int length) {
        ThreadRandom random = RANDOM.get();
        char[] out = new char[length];
        int filled = 0;
        while (filled < length) {
            int value = random.nextByte() & 0x3f;
            if (value < ALPHANUMERIC.length) {
                out[filled++] = ALPHANUMERIC[value];
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
        RANDOM.get().fill(out);
        return out;
    }

    /** 64 random bits. */
    public static long nextLong() {
        ThreadRandom random = RANDOM.get();
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (random.nextByte() & 0xff);
        }
        return value;
    }

    private static String hex(int length, HexFormat format) {
        String hex = format.formatHex(bytes((length + 1) / 2));
        return length % 2 == 0 ? hex : hex.substring(0, length);
    }

    /** One thread's generator and the unused part of its last draw. Confined to its thread. */
    static final class ThreadRandom {

        private final SecureRandom generator;
        private final byte[] pool = new byte[POOL_BYTES];
        private int next = POOL_BYTES;

        ThreadRandom() {
            this(strongGenerator());
        }

        ThreadRandom(SecureRandom generator) {
            this.generator = generator;
        }

        byte nextByte() {
            drawIfUsedUp();
            byte value = pool[next];
            pool[next++] = 0;
            return value;
        }

        void fill(byte[] out) {
            if (out.length > POOL_BYTES) {
                generator.nextBytes(out);
                return;
            }
            int copied = 0;
            while (copied < out.length) {
                drawIfUsedUp();
                int n = Math.min(out.length - copied, POOL_BYTES - next);
                System.arraycopy(pool, next, out, copied, n);
                Arrays.fill(pool, next, next + n, (byte) 0);
                next += n;
                copied += n;
            }
        }

        private void drawIfUsedUp() {
            if (next == POOL_BYTES) {
                generator.nextBytes(pool);
                next = 0;
            }
        }

        private static SecureRandom strongGenerator() {
            try {
                return SecureRandom.getInstance("DRBG",
                        DrbgParameters.instantiation(256, DrbgParameters.Capability.NONE, null));
            } catch (NoSuchAlgorithmException e) {
                return new SecureRandom(); // a JDK without the SUN provider: its own default strong generator
            }
        }
    }
}
