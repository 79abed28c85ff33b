package io.telcred.sip.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.telcred.common.ForwardedFor;
import io.telcred.location.Transport;
import io.telcred.sip.message.SipParser;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a WS or WSS connection (RFC 7118):
 * {@code idle → tls → http → httpAggregator → subprotocolGuard → webSocket → messageAggregator → sip}.
 * Any path is accepted: SIP.js dials {@code ws://host:port} (path "/") and JsSIP whatever the page
 * says. Netty answers pings and close frames; extensions (compression) are refused, so a small frame
 * cannot inflate into a large message. Browsers send no keep-alives of their own (JsSIP none at
 * all), so telcred pings a quiet connection and closes it only when the pong does not come.
 */
final class WebSocketChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** The handshake is a GET with headers and no body. */
    static final int MAX_HANDSHAKE_LINE = 4096;
    static final int MAX_HANDSHAKE_HEADERS = 8192;
    static final int MAX_HANDSHAKE_BODY = 8192;
    static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final Transport transport;
    private final SslContext tls;
    private final TransportSettings settings;
    private final StreamConnections connections;
    private final SipReceiver receiver;
    private final SipParser parser;
    private final WebSocketServerProtocolConfig webSocket;
    private final ForwardedFor forwarded;

    WebSocketChannelInitializer(Transport transport, SslContext tls, TransportSettings settings,
                                StreamConnections connections, SipReceiver receiver, SipParser parser) {
        this.transport = transport;
        this.tls = tls;
        this.settings = settings;
        this.connections = connections;
        this.receiver = receiver;
        this.parser = parser;
        this.forwarded = new ForwardedFor(settings.webSocketProxies());
        this.webSocket = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/")
                .checkStartsWith(true)
                .subprotocols(SipSubprotocolGuardHandler.SUBPROTOCOL)
                .maxFramePayloadLength(settings.limits().maxMessageBytes())
                .allowExtensions(false)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .dropPongFrames(true)
                .build();
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        if (!connections.admit(channel)) {
            channel.close();
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        // Silent for half the idle timeout: telcred pings. Nothing read for the whole of it: the peer is gone.
        long idle = settings.idleTimeout().toMillis();
        pipeline.addLast("idle", new IdleStateHandler(idle, 0, Math.max(1, idle / 2), TimeUnit.MILLISECONDS));
        if (tls != null) {
            pipeline.addLast("tls", tls.newHandler(channel.alloc()));
        }
        pipeline.addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_HANDSHAKE_LINE)
                .setMaxHeaderSize(MAX_HANDSHAKE_HEADERS)));
        pipeline.addLast("httpAggregator", new HttpObjectAggregator(MAX_HANDSHAKE_BODY));
        pipeline.addLast("subprotocolGuard", new SipSubprotocolGuardHandler());
        pipeline.addLast("webSocket", new WebSocketServerProtocolHandler(webSocket));
        pipeline.addLast("messageAggregator", new WebSocketFrameAggregator(settings.limits().maxMessageBytes()));
        pipeline.addLast("sip", new WebSocketInboundHandler(transport, connections, receiver, parser, forwarded));
    }
}
