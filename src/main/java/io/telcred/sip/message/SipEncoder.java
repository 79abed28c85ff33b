package io.telcred.sip.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a message in wire form: start line, header lines in order under their canonical names,
 * a {@code Content-Length} equal to the body length (any Content-Length in the headers is replaced,
 * so a proxy that changed the body cannot send a stale one), an empty line, the body.
 * Values are written as UTF-8.
 *
 * <p>The head is written straight into one array sized from the text lengths, which is exact for
 * ASCII, the usual case; non-ASCII text only makes the array grow.
 */
public final class SipEncoder {

    private static final byte[] SIP_VERSION = bytes("SIP/2.0");
    private static final byte[] CRLF = bytes("\r\n");
    private static final byte[] CONTENT_LENGTH = bytes("Content-Length: ");
    private static final String CONTENT_LENGTH_NAME = "Content-Length";

    private SipEncoder() {
    }

    public static byte[] encode(SipMessage message) {
        byte[] body = message.body();
        Output out = head(message, body.length);
        out.write(body);
        return out.toArray();
    }

    /** The encoding in a buffer from {@code alloc}; the caller owns (and releases) it. */
    public static ByteBuf encode(SipMessage message, ByteBufAllocator alloc) {
        byte[] body = message.body();
        Output head = head(message, 0);
        ByteBuf buf = alloc.buffer(head.size + body.length);
        return buf.writeBytes(head.bytes, 0, head.size).writeBytes(body);
    }

    /** The start line, the header lines and the empty line, with room for {@code reserve} more bytes. */
    private static Output head(SipMessage message, int reserve) {
        SipHeaders headers = message.headers();
        int bodyLength = message.body().length;
        Output out = new Output(estimate(message, bodyLength) + reserve);
        if (message instanceof SipRequest request) {
            out.write(request.method());
            out.write((byte) ' ');
            out.write(request.requestUri());
            out.write((byte) ' ');
            out.write(SIP_VERSION);
        } else {
            SipResponse response = (SipResponse) message;
            out.write(SIP_VERSION);
            out.write((byte) ' ');
            out.writeDecimal(response.status());
            out.write((byte) ' ');
            out.write(response.reason());
        }
        out.write(CRLF);
        for (int i = 0; i < headers.size(); i++) {
            SipHeaders.Entry header = headers.get(i);
            if (header.name().equals(CONTENT_LENGTH_NAME)) {
                continue;
            }
            KnownHeader known = KnownHeaders.find(header.name());
            if (known != null) {
                out.write(known.wirePrefix());
            } else {
                out.write(header.name());
                out.write((byte) ':');
                out.write((byte) ' ');
            }
            out.write(header.value());
            out.write(CRLF);
        }
        out.write(CONTENT_LENGTH);
        out.writeDecimal(bodyLength);
        out.write(CRLF);
        out.write(CRLF);
        return out;
    }

    /** The length of the head if every character takes one byte. */
    private static int estimate(SipMessage message, int bodyLength) {
        int length;
        if (message instanceof SipRequest request) {
            length = request.method().length() + request.requestUri().length() + 11;
        } else {
            length = ((SipResponse) message).reason().length() + 14;
        }
        SipHeaders headers = message.headers();
        for (int i = 0; i < headers.size(); i++) {
            SipHeaders.Entry header = headers.get(i);
            if (!header.name().equals(CONTENT_LENGTH_NAME)) {
                length += header.name().length() + header.value().length() + 4;
            }
        }
        return length + CONTENT_LENGTH.length + decimalLength(bodyLength) + 4;
    }

    private static int decimalLength(int n) {
        int digits = 1;
        while (n >= 10) {
            n /= 10;
            digits++;
        }
        return digits;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    /** A growable byte array; text is copied in as UTF-8. */
    private static final class Output {
        private byte[] bytes;
        private int size;

        Output(int capacity) {
            bytes = new byte[capacity];
        }

        void write(String text) {
            // For Latin-1 text without high bytes (nearly all SIP text) this is a plain array copy.
            write(text.getBytes(StandardCharsets.UTF_8));
        }

        void write(byte[] data) {
            ensure(data.length);
            System.arraycopy(data, 0, bytes, size, data.length);
            size += data.length;
        }

        void write(byte b) {
            ensure(1);
            bytes[size++] = b;
        }

        void writeDecimal(int n) {
            int digits = decimalLength(n);
            ensure(digits);
            for (int i = size + digits - 1; i >= size; i--) {
                bytes[i] = (byte) ('0' + n % 10);
                n /= 10;
            }
            size += digits;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
            }
        }

        byte[] toArray() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
    }
}
