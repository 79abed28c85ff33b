package io.telcred.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class StunBindingHandlerTest {

    private static final byte[] TRANSACTION = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 5060);

    @Test
    void bindingRequestFromIpv4IsAnsweredWithXorMappedAddressAndFingerprint() {
        EmbeddedChannel channel = new EmbeddedChannel(new StunBindingHandler());
        InetSocketAddress phone = new InetSocketAddress("203.0.113.9", 40_000);

        assertThat(channel.writeInbound(new DatagramPacket(bindingRequest(), SERVER, phone))).isFalse();

        DatagramPacket answer = channel.readOutbound();
        assertThat(answer.recipient()).isEqualTo(phone);
        ByteBuf out = answer.content();
        assertThat(out.getUnsignedShort(0)).isEqualTo(0x0101);
        assertThat(out.getUnsignedShort(2)).isEqualTo(out.readableBytes() - 20);
        assertThat(out.getInt(4)).isEqualTo(0x2112A442);
        assertThat(slice(out, 8, 12)).isEqualTo(TRANSACTION);
        assertThat(out.getUnsignedShort(20)).isEqualTo(0x0020);
        assertThat(out.getUnsignedShort(22)).isEqualTo(8);
        assertThat(out.getByte(25)).as("IPv4").isEqualTo((byte) 1);
        assertThat(out.getUnsignedShort(26) ^ 0x2112).isEqualTo(40_000);
        assertThat(out.getInt(28) ^ 0x2112A442).isEqualTo(0xCB007109);
        assertFingerprint(out, 32);
        answer.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void ipv6AddressIsXoredWithCookieAndTransaction() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(new StunBindingHandler());
        InetSocketAddress phone = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 5062);

        channel.writeInbound(new DatagramPacket(bindingRequest(), SERVER, phone));

        DatagramPacket answer = channel.readOutbound();
        ByteBuf out = answer.content();
        assertThat(out.getUnsignedShort(22)).isEqualTo(20);
        assertThat(out.getByte(25)).as("IPv6").isEqualTo((byte) 2);
        byte[] key = new byte[16];
        Unpooled.wrappedBuffer(key).setInt(0, 0x2112A442);
        System.arraycopy(TRANSACTION, 0, key, 4, 12);
        byte[] address = slice(out, 28, 16);
        for (int i = 0; i < 16; i++) {
            address[i] ^= key[i];
        }
        assertThat(InetAddress.getByAddress(address)).isEqualTo(phone.getAddress());
        assertFingerprint(out, 44);
        answer.release();
    }

    @Test
    void sipAndOtherDatagramsPassThrough() {
        EmbeddedChannel channel = new EmbeddedChannel(new StunBindingHandler());
        DatagramPacket sip = new DatagramPacket(Unpooled.copiedBuffer("OPTIONS sip:x SIP/2.0\r\n\r\n",
                StandardCharsets.US_ASCII), SERVER, new InetSocketAddress("127.0.0.1", 5070));
        ByteBuf notBinding = bindingRequest();
        notBinding.setShort(0, 0x0111); // a Binding error response, not a request

        channel.writeInbound(sip, new DatagramPacket(notBinding, SERVER, new InetSocketAddress("127.0.0.1", 5070)));

        DatagramPacket first = channel.readInbound();
        DatagramPacket second = channel.readInbound();
        assertThat(first).isSameAs(sip);
        assertThat(second.content().getUnsignedShort(0)).isEqualTo(0x0111);
        first.release();
        second.release();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    private static ByteBuf bindingRequest() {
        return Unpooled.buffer().writeShort(0x0001).writeShort(0).writeInt(0x2112A442).writeBytes(TRANSACTION);
    }

    private static byte[] slice(ByteBuf buf, int from, int length) {
        byte[] bytes = new byte[length];
        buf.getBytes(from, bytes);
        return bytes;
    }

    private static void assertFingerprint(ByteBuf out, int at) {
        assertThat(out.getUnsignedShort(at)).isEqualTo(0x8028);
        CRC32 crc = new CRC32();
        crc.update(slice(out, 0, at));
        assertThat(out.getInt(at + 4)).isEqualTo((int) crc.getValue() ^ 0x5354554E);
        assertThat(out.readableBytes()).isEqualTo(at + 8);
    }
}
