package io.telcred.sip.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Writes a message in wire form: start line, header lines in order under their canonical names,
 * a {@code Content-Length} equal to the body length (any Content-Length in the headers is replaced,
 * so a proxy that changed the body cannot send a stale one), an empty line, the body.
 * Values are written as UTF-8.
 */
public final class SipEncoder {

    private SipEncoder() {
    }

    public static byte[] encode(SipMessage message) {
        byte[] head = head(message).getBytes(StandardCharsets.UTF_8);
        byte[] body = message.body();
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    /** The encoding in a buffer from {@code alloc}; the caller owns (and releases) it. */
    public static ByteBuf encode(SipMessage message, ByteBufAllocator alloc) {
        byte[] head = head(message).getBytes(StandardCharsets.UTF_8);
        byte[] body = message.body();
        ByteBuf buf = alloc.buffer(head.length + body.length);
        return buf.writeBytes(head).writeBytes(body);
    }

    private static String head(SipMessage message) {
        StringBuilder out = new StringBuilder(512);
        out.append(message.startLine()).append("\r\n");
        for (SipHeaders.Entry header : message.headers()) {
            if (!header.name().equals("Content-Length")) {
                out.append(header.name()).append(": ").append(header.value()).append("\r\n");
            }
        }
        out.append("Content-Length: ").append(message.body().length).append("\r\n\r\n");
        return out.toString();
    }

}
