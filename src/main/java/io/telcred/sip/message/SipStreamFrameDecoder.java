package io.telcred.sip.message;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Cuts a TCP or TLS byte stream into SIP messages (RFC 3261 §18.3) and parses each with
 * {@link SipParser}. Emits, in order:
 * <ul>
 *   <li>{@link ParseResult} per framed message: {@code Parsed}, or {@code Invalid} when the frame was
 *       cut cleanly but its content is bad (decoding goes on with the next message);</li>
 *   <li>{@link KeepAlive#PING} for a double CRLF between messages and {@link KeepAlive#PONG} for a
 *       single one (RFC 5626 §4.4.1), so the transport can answer a ping with one CRLF;</li>
 *   <li>{@link StreamFailure} when the framing itself is lost: header section over
 *       {@code maxMessageBytes}, a line over {@code maxLineLength}, a missing, malformed or too large
 *       Content-Length. Nothing after it can be trusted to start a message, so every later byte is
 *       discarded (like Netty's {@code HttpObjectDecoder} BAD_MESSAGE); the transport should answer
 *       400 if it has a partial request, then close.</li>
 * </ul>
 *
 * <p>The header scan resumes where the previous read stopped, so a message arriving one byte at a
 * time costs linear, not quadratic, work; memory is bounded by {@code maxMessageBytes}.
 *
 * <p>A single CRLF that arrives alone is reported as PONG at once rather than held back in case a
 * second CRLF follows; a ping split across two reads therefore reads as two PONGs. Pings are four
 * bytes sent in one write, so this does not happen in practice, and answering a PONG is a no-op.
 */
public final class SipStreamFrameDecoder extends ByteToMessageDecoder {

    private enum State {
        /** Between messages: CRLF keep-alives, then the first byte of a start line. */
        SKIP_CONTROL_CHARS,
        READ_HEADERS,
        READ_BODY,
        /** Framing lost; everything is discarded. */
        BAD_MESSAGE
    }

    private final SipLimits limits;
    private final SipParser parser;
    private State state = State.SKIP_CONTROL_CHARS;
    /** Offset from the reader index where the header scan resumes. */
    private int scanIndex;
    /** Offset from the reader index of the line being scanned. */
    private int lineStart;
    private int headerLength;
    private int contentLength;

    public SipStreamFrameDecoder() {
        this(SipLimits.DEFAULT);
    }

    public SipStreamFrameDecoder(SipLimits limits) {
        if (limits == null) {
            throw new NullPointerException("limits");
        }
        this.limits = limits;
        this.parser = new SipParser(limits);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case SKIP_CONTROL_CHARS:
                if (!skipControlChars(in, out)) {
                    return;
                }
                state = State.READ_HEADERS;
                scanIndex = 0;
                lineStart = 0;
                // fall through
            case READ_HEADERS:
                if (!findEndOfHeaders(in, out)) {
                    return;
                }
                state = State.READ_BODY;
                // fall through
            case READ_BODY:
                int frameLength = headerLength + contentLength;
                if (in.readableBytes() < frameLength) {
                    return;
                }
                byte[] frame = new byte[frameLength];
                in.readBytes(frame);
                state = State.SKIP_CONTROL_CHARS;
                out.add(parser.parse(frame, 0, frameLength));
                return;
            case BAD_MESSAGE:
                in.skipBytes(in.readableBytes());
                return;
            default:
                throw new IllegalStateException("unknown state " + state);
        }
    }

    /**
     * Consumes keep-alives before a message. Returns true when the next byte starts a message, false
     * when it emitted a keep-alive or needs more bytes.
     */
    private boolean skipControlChars(ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int i = in.readerIndex();
            int n = in.readableBytes();
            byte b = in.getByte(i);
            if (b == '\n') {
                in.skipBytes(1); // a bare LF is noise; only CRLF has a keep-alive meaning
                continue;
            }
            if (b != '\r') {
                return true;
            }
            if (n == 1) {
                return false; // the LF may follow
            }
            if (in.getByte(i + 1) != '\n') {
                in.skipBytes(1); // a bare CR is noise too
                continue;
            }
            if (n >= 4 && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
                in.skipBytes(4);
                out.add(KeepAlive.PING);
                return false;
            }
            if (n == 3 && in.getByte(i + 2) == '\r') {
                return false; // may be the first three bytes of a ping
            }
            in.skipBytes(2);
            out.add(KeepAlive.PONG);
            return false;
        }
        return false;
    }

    /** Scans for the empty line; true when found and Content-Length is known. */
    private boolean findEndOfHeaders(ByteBuf in, List<Object> out) {
        int base = in.readerIndex();
        int n = in.readableBytes();
        int maxLine = limits.maxLineLength();
        for (int i = scanIndex; i < n; i++) {
            if (i >= limits.maxMessageBytes()) {
                fail(in, out, "header section larger than maxMessageBytes " + limits.maxMessageBytes(), null, 513);
                return false;
            }
            byte b = in.getByte(base + i);
            if (b == '\n') {
                int contentEnd = i > lineStart && in.getByte(base + i - 1) == '\r' ? i - 1 : i;
                if (contentEnd - lineStart > maxLine) {
                    fail(in, out, "line longer than maxLineLength " + maxLine, null, 400);
                    return false;
                }
                if (contentEnd == lineStart) {
                    headerLength = i + 1;
                    return readContentLength(in, out);
                }
                lineStart = i + 1;
            } else if (i - lineStart > maxLine) {
                // Longer than allowed even if a CR and LF come next: fail now rather than buffer more.
                fail(in, out, "line longer than maxLineLength " + maxLine, null, 400);
                return false;
            }
        }
        scanIndex = n;
        return false;
    }

    /** Reads Content-Length from the complete header section; emits a failure when it cannot frame. */
    private boolean readContentLength(ByteBuf in, List<Object> out) {
        String head = in.toString(in.readerIndex(), headerLength, StandardCharsets.ISO_8859_1);
        long found = -2;
        String[] lines = head.split("\n", -1);
        for (int index = 1; index < lines.length; index++) {
            String line = lines[index];
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                continue;
            }
            String name = line.substring(0, colon).strip();
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("l")) {
                continue;
            }
            StringBuilder value = new StringBuilder(line.substring(colon + 1));
            while (index + 1 < lines.length && !lines[index + 1].isEmpty()
                    && (lines[index + 1].charAt(0) == ' ' || lines[index + 1].charAt(0) == '\t')) {
                value.append(' ').append(lines[++index]);
            }
            long length = SipParser.parseContentLength(value.toString());
            if (length < 0) {
                fail(in, out, "malformed Content-Length: " + SipParser.printable(value.toString().strip()),
                        partialRequest(in), 400);
                return false;
            }
            if (found >= 0 && found != length) {
                fail(in, out, "conflicting Content-Length values", partialRequest(in), 400);
                return false;
            }
            found = length;
        }
        if (found < 0) {
            fail(in, out, "missing Content-Length, which a stream transport requires", partialRequest(in), 400);
            return false;
        }
        if (headerLength + found > limits.maxMessageBytes()) {
            fail(in, out, "Content-Length " + found + " makes the message larger than maxMessageBytes "
                    + limits.maxMessageBytes(), partialRequest(in), 513);
            return false;
        }
        contentLength = (int) found;
        return true;
    }

    /** The request as far as its header section can be read, to answer the failure; or null. */
    private SipRequest partialRequest(ByteBuf in) {
        byte[] head = new byte[headerLength];
        in.getBytes(in.readerIndex(), head);
        ParseResult result = parser.parse(head, 0, head.length);
        if (result instanceof ParseResult.Parsed parsed) {
            return parsed.message() instanceof SipRequest request ? request : null;
        }
        return ((ParseResult.Invalid) result).partial();
    }

    private void fail(ByteBuf in, List<Object> out, String reason, SipRequest partial, int status) {
        state = State.BAD_MESSAGE;
        in.skipBytes(in.readableBytes());
        out.add(new StreamFailure(new ParseResult.Invalid(reason, partial, status)));
    }
}
