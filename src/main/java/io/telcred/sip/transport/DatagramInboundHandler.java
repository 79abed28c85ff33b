package io.telcred.sip.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.telcred.sip.message.InboundDatagram;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the UDP pipeline: hands each datagram's parse result to the receiver with its flow.
 * An invalid datagram is reported too, so that the core can count it, but never answered: the
 * source address of a datagram is not proven, and the spec drops UDP garbage silently.
 */
final class DatagramInboundHandler extends SimpleChannelInboundHandler<InboundDatagram> {

    private static final Logger LOG = LoggerFactory.getLogger(DatagramInboundHandler.class);

    private final SipReceiver receiver;

    DatagramInboundHandler(SipReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, InboundDatagram datagram) {
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        receiver.received(new Inbound(datagram.result(), Flow.udp(datagram.sender(), local)));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // The socket serves every peer: one bad datagram must not close it.
        LOG.debug("error on the SIP UDP socket", cause);
    }
}
