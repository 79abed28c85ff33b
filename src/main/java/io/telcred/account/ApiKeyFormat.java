package io.telcred.account;

import io.telcred.crypto.Hashes;
import io.telcred.crypto.RandomStrings;

/**
 * The shape of API keys: {@code KEY} + 32 upper-case hex + {@code _} + 22 alphanumerics, as the
 * hosted API issues them (about 260 random bits). Only the SHA-256 of a key is stored: with this
 * much entropy a slow hash adds nothing but latency on every request.
 */
final class ApiKeyFormat {

    private static final int PREFIX_LENGTH = 11;

    private ApiKeyFormat() {
    }

    static String generate() {
        return "KEY" + RandomStrings.hexUpper(32) + "_" + RandomStrings.alphanumeric(22);
    }

    static String hash(String key) {
        return Hashes.sha256Hex(key);
    }

    static String prefix(String key) {
        return key.substring(0, Math.min(PREFIX_LENGTH, key.length()));
    }
}
