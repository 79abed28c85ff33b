package io.telcred.sip.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets through only a WebSocket handshake that asks for the {@code sip} subprotocol (RFC 7118 §4.1),
 * then steps aside. Netty's handshaker would complete a handshake without a subprotocol, leaving a
 * client that speaks something else on the SIP port; this refuses it with 400 instead, and any
 * plain HTTP request with 426.
 */
final class SipSubprotocolGuardHandler extends ChannelInboundHandlerAdapter {

    static final String SUBPROTOCOL = "sip";

    private static final Logger LOG = LoggerFactory.getLogger(SipSubprotocolGuardHandler.class);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (request.decoderResult().isFailure() || !request.uri().startsWith("/")) {
            // A path is required: Netty's handshaker passes any other request target on unanswered.
            refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, "Malformed HTTP request.\n");
        } else if (!isWebSocketHandshake(request)) {
            refuse(ctx, request, HttpResponseStatus.UPGRADE_REQUIRED,
                    "This port speaks SIP over WebSocket (RFC 7118) only.\n");
        } else if (!offersSip(request)) {
            refuse(ctx, request, HttpResponseStatus.BAD_REQUEST,
                    "SIP over WebSocket needs the subprotocol \"sip\" (Sec-WebSocket-Protocol: sip, RFC 7118).\n");
        } else {
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(request);
        }
    }

    private static boolean isWebSocketHandshake(FullHttpRequest request) {
        return HttpMethod.GET.equals(request.method())
                && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private static boolean offersSip(FullHttpRequest request) {
        for (String value : request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)) {
            for (String offered : value.split(",")) {
                if (offered.strip().equals(SUBPROTOCOL)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                               String explanation) {
        LOG.debug("refusing a WebSocket handshake from {}: {}", ctx.channel().remoteAddress(), status);
        request.release();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(explanation, StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (status == HttpResponseStatus.UPGRADE_REQUIRED) {
            response.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
