package io.telcred.sip.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.telcred.location.Transport;
import io.telcred.sip.message.SipStreamFrameDecoder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a TCP or TLS connection, accepted or dialled:
 * {@code idle → tls → frameDecoder → sip}. A connection over the cap is closed before it gets one.
 */
final class StreamChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final Transport transport;
    private final SslContext tls;
    private final InetSocketAddress dialled;
    private final TransportSettings settings;
    private final StreamConnections connections;
    private final SipReceiver receiver;

    /**
     * @param tls     null for TCP
     * @param dialled the address telcred dials (it names the server for TLS), or null for an accepted connection
     */
    StreamChannelInitializer(Transport transport, SslContext tls, InetSocketAddress dialled, TransportSettings settings,
                             StreamConnections connections, SipReceiver receiver) {
        this.transport = transport;
        this.tls = tls;
        this.dialled = dialled;
        this.settings = settings;
        this.connections = connections;
        this.receiver = receiver;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        if (!connections.admit(channel)) {
            channel.close();
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("idle", new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        if (tls != null) {
            pipeline.addLast("tls", dialled == null
                    ? tls.newHandler(channel.alloc())
                    : tls.newHandler(channel.alloc(), dialled.getHostString(), dialled.getPort()));
        }
        pipeline.addLast("frameDecoder", new SipStreamFrameDecoder(settings.limits()));
        pipeline.addLast("sip", new StreamInboundHandler(transport, connections, receiver));
    }
}
