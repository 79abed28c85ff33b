package io.telcred.sip.message;

import java.nio.charset.StandardCharsets;

/**
 * A header name telcred knows: its canonical spelling, whether its values form a comma-separated
 * list (RFC 3261 §7.3.1), and its {@code Name: } prefix in wire form, so that encoding does not
 * re-encode the name of every line.
 */
final class KnownHeader {

    private final String name;
    private final boolean list;
    private final byte[] wirePrefix;

    KnownHeader(String name, boolean list) {
        this.name = name;
        this.list = list;
        this.wirePrefix = (name + ": ").getBytes(StandardCharsets.US_ASCII);
    }

    String name() {
        return name;
    }

    boolean isList() {
        return list;
    }

    /** {@code Name: } as bytes; shared, never to be written to. */
    byte[] wirePrefix() {
        return wirePrefix;
    }

    @Override
    public String toString() {
        return name;
    }
}
