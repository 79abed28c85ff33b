package io.telcred.directory;

/** What the directory's entries take in a 64-bit JVM with compressed references, near enough to size its cache. */
final class LoginSizes {

    /** A cache entry's own objects: Caffeine's node and the slot and node of its hash table. */
    static final int ENTRY = 96;

    private LoginSizes() {
    }

    /** A Latin-1 text: the String and its byte array, each with its header, rounded up to 8 bytes. */
    static int text(String text) {
        return 24 + align(16 + text.length());
    }

    private static int align(int bytes) {
        return (bytes + 7) & ~7;
    }
}
