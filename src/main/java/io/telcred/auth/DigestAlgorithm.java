package io.telcred.auth;

import io.telcred.crypto.Hashes;
import io.telcred.secret.Ha1Hashes;
import java.security.MessageDigest;

/**
 * The digest algorithms telcred offers and answers (RFC 7616 §3.3, RFC 8760): MD5, which every SIP
 * client speaks, and SHA-256. A password's HA1 is kept for each of them, so either can be checked
 * without the password.
 */
public enum DigestAlgorithm {

    MD5("MD5"),
    SHA_256("SHA-256");

    /** The algorithm of a response that names none (RFC 7616 §3.3). */
    public static final DigestAlgorithm DEFAULT = MD5;

    private final String wireName;

    DigestAlgorithm(String wireName) {
        this.wireName = wireName;
    }

    /** The name as challenges and responses write it, which is also the JDK's name of the hash. */
    public String wireName() {
        return wireName;
    }

    /** The algorithm with this name, in any case, or null for one telcred does not speak (say MD5-sess). */
    public static DigestAlgorithm named(String name) {
        if (name == null) {
            return null;
        }
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.wireName.equalsIgnoreCase(name)) {
                return algorithm;
            }
        }
        return null;
    }

    /** The names of every algorithm, for messages that list them. */
    public static String names() {
        StringBuilder names = new StringBuilder();
        for (DigestAlgorithm algorithm : values()) {
            names.append(names.length() == 0 ? "" : " and/or ").append(algorithm.wireName);
        }
        return names.toString();
    }

    /** Writes the login's HA1 for this algorithm into {@code out}; returns its length in bytes. */
    int ha1(Ha1Hashes hashes, byte[] out) {
        if (this == MD5) {
            hashes.md5(out);
            return Ha1Hashes.MD5_BYTES;
        }
        hashes.sha256(out);
        return Ha1Hashes.SHA_256_BYTES;
    }

    MessageDigest newDigest() {
        return Hashes.newDigest(wireName);
    }
}
