package io.telcred.sip.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Parses each UDP datagram as one SIP message and emits an {@link InboundDatagram} with the sender.
 * A datagram of nothing but CR and LF is a keep-alive (RFC 5626 §3.5.1 uses STUN on UDP, but many
 * phones send CRLF): it is counted in {@link #keepAlives()} and emits nothing. A datagram over
 * {@code maxMessageBytes} is reported Invalid without being read.
 */
public final class SipDatagramDecoder extends MessageToMessageDecoder<DatagramPacket> {

    private final SipLimits limits;
    private final SipParser parser;
    /** Written only on the channel's event loop; volatile so metrics can read it from elsewhere. */
    private volatile long keepAlives;

    public SipDatagramDecoder() {
        this(SipLimits.DEFAULT);
    }

    public SipDatagramDecoder(SipLimits limits) {
        super(DatagramPacket.class);
        if (limits == null) {
            throw new NullPointerException("limits");
        }
        this.limits = limits;
        this.parser = new SipParser(limits);
    }

    /** CRLF keep-alive datagrams seen so far. */
    public long keepAlives() {
        return keepAlives;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        ByteBuf content = packet.content();
        int length = content.readableBytes();
        if (length == 0) {
            return;
        }
        if (onlyLineBreaks(content)) {
            keepAlives++;
            return;
        }
        ParseResult result;
        if (length > limits.maxMessageBytes()) {
            result = new ParseResult.Invalid("datagram of " + length + " bytes exceeds maxMessageBytes "
                    + limits.maxMessageBytes(), null, 513);
        } else {
            byte[] bytes = ByteBufUtil.getBytes(content, content.readerIndex(), length, false);
            result = parser.parse(bytes, 0, bytes.length);
        }
        out.add(new InboundDatagram(result, packet.sender()));
    }

    private static boolean onlyLineBreaks(ByteBuf content) {
        return content.forEachByte(b -> b == '\r' || b == '\n') == -1;
    }
}
