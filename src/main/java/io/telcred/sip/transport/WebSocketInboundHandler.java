package io.telcred.sip.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.telcred.common.ForwardedFor;
import io.telcred.location.Transport;
import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipParser;
import io.telcred.sip.message.SipResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a WS or WSS pipeline: each WebSocket message is one SIP message (RFC 7118 §5.1), text
 * or binary. The connection becomes a flow once the handshake is complete. A message that does not
 * parse is answered with 400 when possible and the connection stays, since framing is intact. A
 * message of only line breaks is the CRLF keep-alive that SIP.js sends (double CRLF) and expects a
 * single CRLF back for, as on TCP.
 */
final class WebSocketInboundHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketInboundHandler.class);
    /** A double CRLF or longer run of line breaks is a ping; a single CRLF is a pong. */
    private static final int MIN_PING_LENGTH = 4;

    private final Transport transport;
    private final StreamConnections connections;
    private final SipReceiver receiver;
    private final SipParser parser;
    private final ForwardedFor forwarded;
    private Flow flow;

    WebSocketInboundHandler(Transport transport, StreamConnections connections, SipReceiver receiver, SipParser parser,
                            ForwardedFor forwarded) {
        this.transport = transport;
        this.connections = connections;
        this.receiver = receiver;
        this.parser = parser;
        this.forwarded = forwarded;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            SocketAddress remote = ctx.channel().remoteAddress();
            if (remote instanceof InetSocketAddress peer) {
                // Behind a reverse proxy the client is another address; the port stays the connection's.
                InetAddress client = forwarded.client(peer.getAddress(), handshake.requestHeaders().getAll(ForwardedFor.HEADER));
                remote = client.equals(peer.getAddress()) ? peer : new InetSocketAddress(client, peer.getPort());
            }
            flow = connections.open(transport, ctx.channel(), remote);
            if (flow == null) {
                ctx.close();
            }
        } else if (event instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.ALL_IDLE && flow != null) {
                ctx.writeAndFlush(new PingWebSocketFrame());
            } else if (idle.state() == IdleState.READER_IDLE) {
                LOG.debug("closing SIP WebSocket {}: no answer to pings", flow != null ? flow.id() : ctx.channel());
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (flow == null || !(frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)) {
            return;
        }
        ByteBuf content = frame.content();
        if (onlyLineBreaks(content)) {
            if (content.readableBytes() >= MIN_PING_LENGTH) {
                ctx.writeAndFlush(new TextWebSocketFrame("\r\n"));
            }
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(content);
        ParseResult result = parser.parse(bytes, 0, bytes.length);
        receiver.received(new Inbound(result, flow));
        if (result instanceof ParseResult.Invalid invalid) {
            SipResponse answer = ParseFailureResponse.of(invalid);
            if (answer != null) {
                ctx.writeAndFlush(Outbound.encode(answer, transport, ctx.alloc()));
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (!ctx.channel().isWritable()) {
            LOG.debug("closing SIP WebSocket {}: the peer does not read", flow != null ? flow.id() : ctx.channel());
            ctx.close();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing SIP WebSocket {} after an error", flow != null ? flow.id() : ctx.channel(), cause);
        ctx.close();
    }

    private static boolean onlyLineBreaks(ByteBuf content) {
        if (!content.isReadable()) {
            return true;
        }
        for (int i = content.readerIndex(); i < content.writerIndex(); i++) {
            byte b = content.getByte(i);
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
