package io.telcred.sip.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.telcred.location.Transport;
import io.telcred.sip.message.KeepAlive;
import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.message.StreamFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a TCP or TLS pipeline, after {@code SipStreamFrameDecoder}: hands messages to the
 * receiver, answers a CRLF keep-alive ping with a single CRLF (RFC 5626 §4.4.1), answers a message
 * that cannot be parsed with 400 when it can, and closes the connection after a framing error, since
 * the decoder cannot find the next message boundary and drops the rest.
 */
final class StreamInboundHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(StreamInboundHandler.class);
    private static final byte[] PONG = {'\r', '\n'};

    private final Transport transport;
    private final StreamConnections connections;
    private final SipReceiver receiver;
    private Flow flow;

    StreamInboundHandler(Transport transport, StreamConnections connections, SipReceiver receiver) {
        this.transport = transport;
        this.connections = connections;
        this.receiver = receiver;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        flow = connections.open(transport, ctx.channel());
        if (flow == null) {
            ctx.close();
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (flow == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ParseResult result) {
            receiver.received(new Inbound(result, flow));
            if (result instanceof ParseResult.Invalid invalid) {
                SipResponse answer = ParseFailureResponse.of(invalid);
                if (answer != null) {
                    ctx.writeAndFlush(Outbound.encode(answer, transport, ctx.alloc()));
                }
            }
        } else if (msg == KeepAlive.PING) {
            ByteBuf pong = ctx.alloc().buffer(PONG.length).writeBytes(PONG);
            ctx.writeAndFlush(pong);
        } else if (msg == KeepAlive.PONG) {
            return; // an answer to a ping telcred never sends; harmless
        } else if (msg instanceof StreamFailure failure) {
            receiver.received(new Inbound(failure.invalid(), flow));
            SipResponse answer = ParseFailureResponse.of(failure.invalid());
            LOG.debug("closing {} after a framing error: {}", flow.id(), failure.invalid().reason());
            if (answer != null) {
                ctx.writeAndFlush(Outbound.encode(answer, transport, ctx.alloc())).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            LOG.debug("closing idle SIP connection {}", flow != null ? flow.id() : ctx.channel());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (!ctx.channel().isWritable()) {
            // The peer has stopped reading while telcred still writes: drop it before its backlog grows without bound.
            LOG.debug("closing SIP connection {}: the peer does not read", flow != null ? flow.id() : ctx.channel());
            ctx.close();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing SIP connection {} after an error", flow != null ? flow.id() : ctx.channel(), cause);
        ctx.close();
    }
}
