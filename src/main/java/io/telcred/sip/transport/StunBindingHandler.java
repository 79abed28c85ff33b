package io.telcred.sip.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.zip.CRC32;

/**
 * Answers STUN Binding requests on the SIP UDP port. Over UDP, RFC 5626 §4.4.2 keeps a flow alive
 * with STUN rather than CRLF, and a client that gets no answer thinks its flow failed and registers
 * again. The answer is a Binding success response carrying XOR-MAPPED-ADDRESS (the address telcred
 * sees, RFC 8489 §14.2) and FINGERPRINT. STUN and SIP are told apart by the first byte (STUN's two
 * top bits are zero, SIP starts with a letter) and the magic cookie; anything else goes on to the
 * SIP decoder.
 */
final class StunBindingHandler extends ChannelInboundHandlerAdapter {

    static final int HEADER_LENGTH = 20;
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    static final int FINGERPRINT = 0x8028;
    private static final int FINGERPRINT_XOR = 0x5354554E;
    /** A Binding request for a keep-alive has no attributes; bound what is read of one anyway. */
    private static final int MAX_REQUEST_LENGTH = 548;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet && isBindingRequest(packet.content())) {
            try {
                ctx.writeAndFlush(new DatagramPacket(response(ctx, packet), packet.sender()));
            } finally {
                packet.release();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    static boolean isBindingRequest(ByteBuf in) {
        int start = in.readerIndex();
        int length = in.readableBytes();
        return length >= HEADER_LENGTH && length <= MAX_REQUEST_LENGTH
                && in.getUnsignedShort(start) == BINDING_REQUEST
                && in.getUnsignedShort(start + 2) == length - HEADER_LENGTH
                && in.getInt(start + 4) == MAGIC_COOKIE;
    }

    private static ByteBuf response(ChannelHandlerContext ctx, DatagramPacket request) {
        ByteBuf in = request.content();
        InetSocketAddress sender = request.sender();
        byte[] transactionId = new byte[12];
        in.getBytes(in.readerIndex() + 8, transactionId);
        byte[] address = sender.getAddress().getAddress();
        boolean ipv4 = sender.getAddress() instanceof Inet4Address;
        int addressAttributeLength = 4 + address.length;
        int bodyLength = 4 + addressAttributeLength + 8;

        ByteBuf out = ctx.alloc().buffer(HEADER_LENGTH + bodyLength);
        out.writeShort(BINDING_SUCCESS).writeShort(bodyLength).writeInt(MAGIC_COOKIE).writeBytes(transactionId);
        out.writeShort(XOR_MAPPED_ADDRESS).writeShort(addressAttributeLength);
        out.writeByte(0).writeByte(ipv4 ? 0x01 : 0x02).writeShort(sender.getPort() ^ (MAGIC_COOKIE >>> 16));
        byte[] key = new byte[16];
        key[0] = (byte) (MAGIC_COOKIE >>> 24);
        key[1] = (byte) (MAGIC_COOKIE >>> 16);
        key[2] = (byte) (MAGIC_COOKIE >>> 8);
        key[3] = (byte) MAGIC_COOKIE;
        System.arraycopy(transactionId, 0, key, 4, 12);
        for (int i = 0; i < address.length; i++) {
            out.writeByte(address[i] ^ key[i]);
        }
        CRC32 crc = new CRC32();
        crc.update(out.nioBuffer(0, out.writerIndex()));
        out.writeShort(FINGERPRINT).writeShort(4).writeInt((int) crc.getValue() ^ FINGERPRINT_XOR);
        return out;
    }
}
