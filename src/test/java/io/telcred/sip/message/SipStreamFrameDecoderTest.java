package io.telcred.sip.message;

import static io.telcred.sip.message.SipTexts.bytes;
import static io.telcred.sip.message.SipTexts.invite;
import static io.telcred.sip.message.SipTexts.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SipStreamFrameDecoderTest {

    private static final SipLimits SMALL = new SipLimits(2_048, 16, 200);

    /** Every buffer handed to a channel, to check that the decoder released each one. */
    private final List<ByteBuf> written = new ArrayList<>();

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void everyBufferWasReleased() {
        assertThat(written).allSatisfy(buf -> assertThat(buf.refCnt()).as("input buffer refCnt").isZero());
    }

    @Test
    void decodesOneMessageInOneRead() {
        List<Object> out = decode(SipLimits.DEFAULT, options("a1"));
        assertThat(out).hasSize(1);
        assertThat(parsed(out.get(0)).callId()).isEqualTo("a1");
    }

    @Test
    void decodesAMessageSplitAtEveryPosition() {
        byte[] message = bytes(invite("split", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n"));
        for (int split = 1; split < message.length; split++) {
            EmbeddedChannel channel = new EmbeddedChannel(new SipStreamFrameDecoder(SipLimits.DEFAULT));
            channel.writeInbound(track(Unpooled.wrappedBuffer(message, 0, split)));
            channel.writeInbound(track(Unpooled.wrappedBuffer(message, split, message.length - split)));
            List<Object> out = drain(channel);
            assertThat(out).as("split at %d", split).hasSize(1);
            SipMessage decoded = parsed(out.get(0));
            assertThat(decoded.callId()).isEqualTo("split");
            assertThat(decoded.body()).hasSize(36);
        }
    }

    @Test
    void decodesAMessageArrivingOneByteAtATime() {
        byte[] message = bytes(invite("bytewise", "v=0\r\n"));
        EmbeddedChannel channel = new EmbeddedChannel(new SipStreamFrameDecoder(SipLimits.DEFAULT));
        for (byte b : message) {
            channel.writeInbound(track(Unpooled.wrappedBuffer(new byte[] {b})));
        }
        List<Object> out = drain(channel);
        assertThat(out).hasSize(1);
        assertThat(parsed(out.get(0)).body()).isEqualTo(bytes("v=0\r\n"));
    }

    @Test
    void decodesTwoMessagesInOneRead() {
        List<Object> out = decode(SipLimits.DEFAULT, options("first") + invite("second", "body"));
        assertThat(out).hasSize(2);
        assertThat(parsed(out.get(0)).callId()).isEqualTo("first");
        assertThat(parsed(out.get(1)).callId()).isEqualTo("second");
        assertThat(parsed(out.get(1)).body()).isEqualTo(bytes("body"));
    }

    @Test
    void doubleCrlfIsAPingAndSingleCrlfAPong() {
        assertThat(decode(SipLimits.DEFAULT, "\r\n\r\n")).containsExactly(KeepAlive.PING);
        assertThat(decode(SipLimits.DEFAULT, "\r\n")).containsExactly(KeepAlive.PONG);
        assertThat(decode(SipLimits.DEFAULT, "\r\n\r\n\r\n")).containsExactly(KeepAlive.PING, KeepAlive.PONG);
        assertThat(decode(SipLimits.DEFAULT, "\r\n\r\n\r\n\r\n")).containsExactly(KeepAlive.PING, KeepAlive.PING);
    }

    @Test
    void pingBetweenMessagesIsReportedInOrder() {
        List<Object> out = decode(SipLimits.DEFAULT, options("m1") + "\r\n\r\n" + options("m2"));
        assertThat(out).hasSize(3);
        assertThat(parsed(out.get(0)).callId()).isEqualTo("m1");
        assertThat(out.get(1)).isEqualTo(KeepAlive.PING);
        assertThat(parsed(out.get(2)).callId()).isEqualTo("m2");
    }

    @Test
    void pingWhoseLastByteIsLateIsStillOnePing() {
        EmbeddedChannel channel = new EmbeddedChannel(new SipStreamFrameDecoder(SipLimits.DEFAULT));
        channel.writeInbound(track(Unpooled.wrappedBuffer(bytes("\r\n\r"))));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(track(Unpooled.wrappedBuffer(bytes("\n"))));
        assertThat(drain(channel)).containsExactly(KeepAlive.PING);
    }

    @Test
    void missingContentLengthIsFatalAndLaterInputIsDiscarded() {
        String withoutLength = options("nolength").replace("Content-Length: 0\r\n", "");
        List<Object> out = decode(SipLimits.DEFAULT, withoutLength + options("after"));
        assertThat(out).hasSize(1);
        ParseResult.Invalid invalid = failure(out.get(0));
        assertThat(invalid.reason()).contains("missing Content-Length");
        assertThat(invalid.partial().callId()).isEqualTo("nolength");
    }

    @Test
    void failureDiscardsInputOfLaterReadsToo() {
        EmbeddedChannel channel = new EmbeddedChannel(new SipStreamFrameDecoder(SipLimits.DEFAULT));
        channel.writeInbound(track(Unpooled.wrappedBuffer(bytes(options("x").replace("Content-Length: 0", "Content-Length: x")))));
        channel.writeInbound(track(Unpooled.wrappedBuffer(bytes(options("later")))));
        List<Object> out = drain(channel);
        assertThat(out).hasSize(1);
        assertThat(failure(out.get(0)).reason()).contains("malformed Content-Length");
    }

    @Test
    void hugeContentLengthIsFatalBeforeTheBodyIsBuffered() {
        List<Object> out = decode(SMALL, options("huge").replace("Content-Length: 0", "Content-Length: 99999999999"));
        ParseResult.Invalid invalid = failure(out.get(0));
        assertThat(invalid.reason()).contains("malformed Content-Length");
        List<Object> big = decode(SMALL, options("big").replace("Content-Length: 0", "Content-Length: 5000"));
        ParseResult.Invalid tooBig = failure(big.get(0));
        assertThat(tooBig.reason()).contains("larger than maxMessageBytes");
        assertThat(tooBig.status()).isEqualTo(513);
        assertThat(tooBig.partial().callId()).isEqualTo("big");
    }

    @Test
    void negativeContentLengthIsFatal() {
        List<Object> out = decode(SipLimits.DEFAULT, options("neg").replace("Content-Length: 0", "Content-Length: -1"));
        assertThat(failure(out.get(0)).reason()).contains("malformed Content-Length");
    }

    @Test
    void conflictingContentLengthsAreFatalButEqualRepeatsOnlyInvalid() {
        String conflicting = options("c1").replace("Content-Length: 0\r\n", "Content-Length: 0\r\nl: 4\r\n") + "body";
        assertThat(failure(decode(SipLimits.DEFAULT, conflicting).get(0)).reason()).contains("conflicting");
        String repeated = options("c2").replace("Content-Length: 0\r\n", "Content-Length: 0\r\nl: 0\r\n");
        List<Object> out = decode(SipLimits.DEFAULT, repeated + options("c3"));
        assertThat(out).hasSize(2);
        assertThat(((ParseResult.Invalid) out.get(0)).reason()).contains("more than one Content-Length");
        assertThat(parsed(out.get(1)).callId()).isEqualTo("c3");
    }

    @Test
    void overlongLineIsFatalWithoutWaitingForItsEnd() {
        EmbeddedChannel channel = new EmbeddedChannel(new SipStreamFrameDecoder(SMALL));
        String start = "OPTIONS sip:bob@example.com SIP/2.0\r\nSubject: " + "x".repeat(300);
        channel.writeInbound(track(Unpooled.wrappedBuffer(bytes(start))));
        List<Object> out = drain(channel);
        assertThat(out).hasSize(1);
        assertThat(failure(out.get(0)).reason()).contains("maxLineLength 200");
    }

    @Test
    void lineOfExactlyTheLimitIsAccepted() {
        String subject = "Subject: " + "y".repeat(200 - "Subject: ".length());
        String message = options("edge").replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\n" + subject + "\r\n");
        assertThat(parsed(decode(SMALL, message).get(0)).headers().first("Subject")).hasSize(191);
        String tooLong = options("edge2").replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\n" + subject + "y\r\n");
        assertThat(failure(decode(SMALL, tooLong).get(0)).reason()).contains("maxLineLength");
    }

    @Test
    void headerSectionOverTheSizeLimitIsFatal() {
        StringBuilder many = new StringBuilder("OPTIONS sip:bob@example.com SIP/2.0\r\n");
        while (many.length() < 3_000) {
            many.append("X-Filler: ").append("z".repeat(100)).append("\r\n");
        }
        ParseResult.Invalid invalid = failure(decode(SMALL, many.toString()).get(0));
        assertThat(invalid.reason()).contains("header section larger than maxMessageBytes 2048");
        assertThat(invalid.status()).isEqualTo(513);
    }

    @Test
    void tooManyHeadersIsInvalidButFramingContinues() {
        StringBuilder extra = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            extra.append("X-Header-").append(i).append(": v\r\n");
        }
        String crowded = options("crowded").replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\n" + extra);
        List<Object> out = decode(SMALL, crowded + options("next"));
        assertThat(out).hasSize(2);
        ParseResult.Invalid invalid = (ParseResult.Invalid) out.get(0);
        assertThat(invalid.reason()).contains("maxHeaders 16");
        assertThat(invalid.partial().callId()).as("headers read before the limit").isNull();
        assertThat(parsed(out.get(1)).callId()).isEqualTo("next");
    }

    @Test
    void badHeaderInAWellFramedMessageIsInvalidAndDecodingContinues() {
        String badVia = options("bad").replace("Via: SIP/2.0/TCP client.example.com:5060", "Via: SIP/2.0/TCP ;;");
        List<Object> out = decode(SipLimits.DEFAULT, badVia + options("good"));
        assertThat(out).hasSize(2);
        ParseResult.Invalid invalid = (ParseResult.Invalid) out.get(0);
        assertThat(invalid.partial().callId()).isEqualTo("bad");
        assertThat(parsed(out.get(1)).callId()).isEqualTo("good");
    }

    @Test
    void framedGarbageIsInvalidThenTheNextMessageParses() {
        List<Object> out = decode(SipLimits.DEFAULT, "HELLO THERE\r\nContent-Length: 2\r\n\r\nhi" + options("ok"));
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOf(ParseResult.Invalid.class);
        assertThat(parsed(out.get(1)).callId()).isEqualTo("ok");
    }

    @Test
    void unframedGarbageIsFatal() {
        List<Object> out = decode(SipLimits.DEFAULT, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n" + options("lost"));
        assertThat(out).hasSize(1);
        assertThat(failure(out.get(0)).reason()).contains("missing Content-Length");
    }

    @Test
    void compactContentLengthFramesTheBody() {
        String compact = invite("compact", "12345").replace("Content-Length: 5", "l  :  5");
        assertThat(parsed(decode(SipLimits.DEFAULT, compact).get(0)).body()).isEqualTo(bytes("12345"));
    }

    @Test
    void bodyArrivingLaterCompletesTheMessage() {
        EmbeddedChannel channel = new EmbeddedChannel(new SipStreamFrameDecoder(SipLimits.DEFAULT));
        String message = invite("later", "0123456789");
        int headerEnd = message.indexOf("\r\n\r\n") + 4;
        channel.writeInbound(track(Unpooled.wrappedBuffer(bytes(message.substring(0, headerEnd)))));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(track(Unpooled.wrappedBuffer(bytes(message.substring(headerEnd, headerEnd + 4)))));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(track(Unpooled.wrappedBuffer(bytes(message.substring(headerEnd + 4)))));
        assertThat(parsed(drain(channel).get(0)).body()).isEqualTo(bytes("0123456789"));
    }

    @Test
    void incompleteMessageAtCloseEmitsNothingAndLeaksNothing() {
        EmbeddedChannel channel = new EmbeddedChannel(new SipStreamFrameDecoder(SipLimits.DEFAULT));
        channel.writeInbound(track(Unpooled.wrappedBuffer(bytes(invite("cut", "0123456789").substring(0, 300)))));
        assertThat(drain(channel)).isEmpty();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private ByteBuf track(ByteBuf buf) {
        written.add(buf);
        return buf;
    }

    private List<Object> decode(SipLimits limits, String input) {
        EmbeddedChannel channel = new EmbeddedChannel(new SipStreamFrameDecoder(limits));
        channel.writeInbound(track(Unpooled.copiedBuffer(bytes(input))));
        return drain(channel);
    }

    /** Closes the channel and returns everything it emitted. */
    private static List<Object> drain(EmbeddedChannel channel) {
        channel.finish();
        List<Object> out = new ArrayList<>();
        Object message;
        while ((message = channel.readInbound()) != null) {
            out.add(message);
        }
        return out;
    }

    private static SipMessage parsed(Object output) {
        assertThat(output).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) output).message();
    }

    private static ParseResult.Invalid failure(Object output) {
        assertThat(output).isInstanceOf(StreamFailure.class);
        return ((StreamFailure) output).invalid();
    }
}
