package io.telcred.sip.transport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads whole SIP messages, or raw bytes, from the client side of a TCP or TLS connection. */
final class StreamReader {

    private final InputStream in;

    StreamReader(InputStream in) {
        this.in = in;
    }

    /** One message: the header section, then as many body bytes as Content-Length says. */
    String message() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after " + head.size() + " bytes: " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.UTF_8);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:") || lower.startsWith("l:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    String bytes(int count) throws IOException {
        return new String(in.readNBytes(count), StandardCharsets.UTF_8);
    }

    /** True when the peer closed the connection (end of stream, or a reset); false when a byte came. */
    boolean closed() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the connection is still open", stillOpen);
        } catch (IOException reset) {
            return true;
        }
    }

    /** Skips whatever still comes, then true when the peer closes. */
    boolean closedAfterReading() {
        while (!closed()) {
            // more of what the peer sent before closing
        }
        return true;
    }
}
