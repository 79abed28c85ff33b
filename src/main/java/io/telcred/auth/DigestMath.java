package io.telcred.auth;

import io.telcred.secret.Ha1Hashes;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The digest response computation of RFC 7616 §3.4.1 (qop "auth" or none) for MD5 and SHA-256.
 *
 * <p>It runs for every authenticated SIP request, so it builds no strings: each thread keeps its
 * digest objects and a buffer the fields are written into as bytes, HA2 is written there as hex,
 * and the client's response is read from hex, in either case, and compared with the expected
 * digest in time independent of where they differ.
 */
final class DigestMath {

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final HexFormat HEX = HexFormat.of();
    private static final int LONGEST_DIGEST = 32;

    private DigestMath() {
    }

    static boolean matches(Ha1Hashes secret, DigestResponse digest) {
        DigestAlgorithm algorithm = digest.algorithm();
        if (algorithm == null || digest.response() == null || digest.nonce() == null || digest.uri() == null
                || digest.method() == null) {
            return false;
        }
        boolean withQop = digest.qop() != null;
        if (withQop && !(digest.qop().equals("auth") && digest.nc() != null && digest.cnonce() != null)) {
            return false;
        }
        Scratch work = SCRATCH.get();
        MessageDigest hash = work.digestFor(algorithm);
        int length = hash.getDigestLength();
        // The response is the client's own text: reading it before hashing tells it nothing of the secret.
        if (!work.readHex(digest.response(), length)) {
            return false;
        }
        work.start().append(digest.method()).append(':').append(digest.uri());
        work.hashInto(hash, work.digest);
        int ha1Length = algorithm.ha1(secret, work.ha1);
        work.start().appendHex(work.ha1, ha1Length);
        work.append(':').append(digest.nonce()).append(':');
        if (withQop) {
            work.append(digest.nc()).append(':').append(digest.cnonce()).append(":auth:");
        }
        work.appendHex(work.digest, length);
        work.hashInto(hash, work.digest);
        return work.digestEqualsPresented(length);
    }

    /**
     * One thread's digest objects and buffers. Each hash input is assembled as UTF-8 in one buffer
     * and hashed in one call: a call per field costs more than the copying.
     */
    private static final class Scratch {

        private final MessageDigest[] digests = new MessageDigest[DigestAlgorithm.values().length];
        /** Grows for an unusually long field, and stays grown for this thread. */
        private byte[] input = new byte[256];
        private int size;
        private final byte[] digest = new byte[LONGEST_DIGEST];
        private final byte[] ha1 = new byte[LONGEST_DIGEST];
        private final byte[] presented = new byte[LONGEST_DIGEST];

        MessageDigest digestFor(DigestAlgorithm algorithm) {
            MessageDigest digest = digests[algorithm.ordinal()];
            if (digest == null) {
                digest = algorithm.newDigest();
                digests[algorithm.ordinal()] = digest;
            }
            return digest;
        }

        Scratch start() {
            size = 0;
            return this;
        }

        /** Appends the text's UTF-8 bytes; ASCII, the usual case, is copied without a new array. */
        Scratch append(String text) {
            int length = text.length();
            room(length);
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                    room(utf8.length);
                    System.arraycopy(utf8, 0, input, size, utf8.length);
                    size += utf8.length;
                    return this;
                }
                input[size + i] = (byte) c;
            }
            size += length;
            return this;
        }

        Scratch append(char asciiCharacter) {
            room(1);
            input[size++] = (byte) asciiCharacter;
            return this;
        }

        /** Lower-case hex of a digest, as RFC 7616 feeds HA2 into the response. */
        void appendHex(byte[] bytes, int length) {
            room(2 * length);
            for (int i = 0; i < length; i++) {
                input[size++] = (byte) HEX.toHighHexDigit(bytes[i]);
                input[size++] = (byte) HEX.toLowHexDigit(bytes[i]);
            }
        }

        /** Hashes what was appended since {@link #start} into {@code out}. */
        void hashInto(MessageDigest hash, byte[] out) {
            hash.update(input, 0, size);
            try {
                hash.digest(out, 0, hash.getDigestLength());
            } catch (DigestException e) {
                throw new IllegalStateException(hash.getAlgorithm() + " gave more than " + LONGEST_DIGEST + " bytes", e);
            }
        }

        /** Reads the client's response; false unless it is exactly {@code length} bytes of hex, in either case. */
        boolean readHex(String response, int length) {
            if (response.length() != 2 * length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                char high = response.charAt(2 * i);
                char low = response.charAt(2 * i + 1);
                if (!HexFormat.isHexDigit(high) || !HexFormat.isHexDigit(low)) {
                    return false;
                }
                presented[i] = (byte) (HexFormat.fromHexDigit(high) << 4 | HexFormat.fromHexDigit(low));
            }
            return true;
        }

        /** Compares in time independent of where the two differ. */
        boolean digestEqualsPresented(int length) {
            int difference = 0;
            for (int i = 0; i < length; i++) {
                difference |= digest[i] ^ presented[i];
            }
            return difference == 0;
        }

        private void room(int more) {
            if (input.length - size < more) {
                input = Arrays.copyOf(input, Math.max(2 * input.length, size + more));
            }
        }
    }
}
