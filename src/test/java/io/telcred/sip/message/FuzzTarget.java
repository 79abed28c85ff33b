package io.telcred.sip.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;

/**
 * The properties every input must keep, shared by the Jazzer fuzz test and the plain replay test:
 * nothing escapes the parser or the stream decoder, no buffer is left unreleased, and whatever
 * parses re-encodes to bytes that parse again to the same encoding.
 */
final class FuzzTarget {

    private static final SipLimits LIMITS = new SipLimits(4_096, 32, 1_024);

    private FuzzTarget() {
    }

    static void check(byte[] input) {
        SipParser parser = new SipParser(LIMITS);
        ParseResult result = parser.parse(input, 0, input.length);
        if (result == null) {
            throw new AssertionError("null result");
        }
        if (result instanceof ParseResult.Parsed parsed) {
            byte[] encoded = SipEncoder.encode(parsed.message());
            ParseResult again = parser.parse(encoded, 0, encoded.length);
            if (!(again instanceof ParseResult.Parsed reparsed)) {
                throw new AssertionError("re-encoded message no longer parses: " + again);
            }
            if (!Arrays.equals(SipEncoder.encode(reparsed.message()), encoded)) {
                throw new AssertionError("encoding is not stable");
            }
        }
        decodeAsStream(input);
    }

    /** Feeds the input in two reads, split where its first byte says, and checks every buffer is freed. */
    private static void decodeAsStream(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel(new SipStreamFrameDecoder(LIMITS));
        int split = input.length == 0 ? 0 : (input[0] & 0xff) % (input.length + 1);
        // Unpooled.buffer, not copiedBuffer: an empty copiedBuffer is the shared EMPTY_BUFFER, never freed.
        ByteBuf first = Unpooled.buffer(split).writeBytes(input, 0, split);
        ByteBuf second = Unpooled.buffer(input.length - split).writeBytes(input, split, input.length - split);
        channel.writeInbound(first);
        channel.writeInbound(second);
        channel.finish();
        Object out;
        while ((out = channel.readInbound()) != null) {
            if (!(out instanceof ParseResult || out instanceof KeepAlive || out instanceof StreamFailure)) {
                throw new AssertionError("unexpected output " + out.getClass());
            }
        }
        if (first.refCnt() != 0 || second.refCnt() != 0) {
            throw new AssertionError("input buffer not released");
        }
    }
}
