package io.telcred.sip.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.telcred.sip.message.InboundDatagram;
import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipResponse;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the UDP pipeline: hands each datagram's parse result to the receiver with its flow.
 * An invalid datagram is reported too, so that the core can count it. It is answered only when it
 * is a request whose Via, From, To, Call-ID and CSeq could be read, from the SIP port to its source
 * (the answer is no larger than the request, so a forged source gains an attacker nothing); garbage
 * is dropped without a word.
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
        ParseResult result = datagram.result();
        receiver.received(new Inbound(result, Flow.udp(datagram.sender(), local)));
        if (result instanceof ParseResult.Invalid invalid) {
            SipResponse answer = ParseFailureResponse.of(invalid);
            if (answer != null) {
                ctx.writeAndFlush(new DatagramPacket(Outbound.bytes(answer, ctx.alloc()), datagram.sender()));
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // The socket serves every peer: one bad datagram must not close it.
        LOG.debug("error on the SIP UDP socket", cause);
    }
}
