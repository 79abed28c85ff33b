package io.telcred.sip.message;

import static io.telcred.sip.message.SipTexts.bytes;
import static io.telcred.sip.message.SipTexts.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ResourceLeakDetector;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SipDatagramDecoderTest {

    private static final InetSocketAddress PHONE = new InetSocketAddress("192.0.2.10", 5062);
    private static final InetSocketAddress SERVER = new InetSocketAddress("192.0.2.1", 5060);

    private final List<ByteBuf> written = new ArrayList<>();

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void everyDatagramWasReleased() {
        assertThat(written).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
    }

    @Test
    void emitsTheParsedMessageWithItsSender() {
        EmbeddedChannel channel = new EmbeddedChannel(new SipDatagramDecoder(SipLimits.DEFAULT));
        channel.writeInbound(datagram(bytes(options("udp1"))));
        InboundDatagram inbound = channel.readInbound();
        assertThat(inbound.sender()).isEqualTo(PHONE);
        assertThat(((ParseResult.Parsed) inbound.result()).message().callId()).isEqualTo("udp1");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void crlfKeepAlivesAreCountedNotEmitted() {
        SipDatagramDecoder decoder = new SipDatagramDecoder(SipLimits.DEFAULT);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(datagram(bytes("\r\n\r\n")));
        channel.writeInbound(datagram(bytes("\r\n")));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(decoder.keepAlives()).isEqualTo(2);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void garbageAndOversizeDatagramsAreInvalid() {
        EmbeddedChannel channel = new EmbeddedChannel(new SipDatagramDecoder(new SipLimits(300, 32, 200)));
        channel.writeInbound(datagram(bytes("\u0016\u0003\u0001 not sip at all")));
        channel.writeInbound(datagram(new byte[301]));
        InboundDatagram garbage = channel.readInbound();
        InboundDatagram oversize = channel.readInbound();
        assertThat(garbage.result()).isInstanceOf(ParseResult.Invalid.class);
        ParseResult.Invalid tooBig = (ParseResult.Invalid) oversize.result();
        assertThat(tooBig.reason()).contains("301 bytes exceeds maxMessageBytes 300");
        assertThat(tooBig.status()).isEqualTo(513);
        channel.finish();
    }

    private DatagramPacket datagram(byte[] content) {
        ByteBuf buf = Unpooled.buffer(content.length).writeBytes(content);
        written.add(buf);
        return new DatagramPacket(buf, SERVER, PHONE);
    }
}
