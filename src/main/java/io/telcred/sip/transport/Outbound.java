package io.telcred.sip.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.telcred.location.Transport;
import io.telcred.sip.message.SipEncoder;
import io.telcred.sip.message.SipMessage;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message as its transport writes it. Encoding happens on the sender's thread, before the write:
 * an encoding fault reaches the caller, and a message the core changes afterwards is not affected.
 */
final class Outbound {

    private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);

    private Outbound() {
    }

    /** Writes without waiting; a failure (the peer gone) is only logged, as the caller has moved on. */
    static void write(Channel channel, Object message) {
        channel.writeAndFlush(message).addListener((ChannelFutureListener) written -> {
            if (!written.isSuccess()) {
                LOG.debug("SIP write on {} failed", written.channel(), written.cause());
            }
        });
    }

    /** The message as bytes on the wire, for a stream or a datagram. */
    static ByteBuf bytes(SipMessage message, ByteBufAllocator allocator) {
        return SipEncoder.encode(message, allocator);
    }

    /**
     * The bytes for a stream or datagram, or for WS and WSS one frame: text, as browsers expect
     * (RFC 7118 §5.1), unless the message is not UTF-8 (a binary body), which a text frame may not carry.
     */
    static Object encode(SipMessage message, Transport transport, ByteBufAllocator allocator) {
        return frame(bytes(message, allocator), transport);
    }

    /** Encoded bytes as the transport writes them: as they are, or in one WebSocket frame. */
    static Object frame(ByteBuf bytes, Transport transport) {
        if (transport != Transport.WS && transport != Transport.WSS) {
            return bytes;
        }
        return ByteBufUtil.isText(bytes, StandardCharsets.UTF_8)
                ? new TextWebSocketFrame(bytes)
                : new BinaryWebSocketFrame(bytes);
    }
}
