package io.telcred.sip.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The RFC 4475 torture messages, bit-exact from the RFC's archive, under {@code rfc4475/NAME.dat}. */
final class TortureMessages {

    private TortureMessages() {
    }

    static byte[] load(String name) {
        String path = "rfc4475/" + name + ".dat";
        try (InputStream in = TortureMessages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test message " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
