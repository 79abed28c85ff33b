package io.telcred.sip.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.telcred.location.Transport;
import io.telcred.sip.message.SipMessage;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends over TCP or TLS to an address, reusing an open connection to it or dialling one (RFC 3261
 * §18.1.1). The caller never waits: a message for a connection still being opened is written once
 * it is up, and dropped (with a debug line) if it never comes up, which the transaction layer's
 * timers then notice. A dialled connection gets the same pipeline, idle timeout and cap as an
 * accepted one, and becomes a flow like it.
 */
final class StreamDialer {

    private static final Logger LOG = LoggerFactory.getLogger(StreamDialer.class);

    /** A dialled connection that is not up by then fails. */
    static final int DIAL_TIMEOUT_MILLIS = 10_000;

    private final EventLoopGroup workers;
    private final SslContext tls;
    private final TransportSettings settings;
    private final StreamConnections connections;
    private final SipReceiver receiver;

    StreamDialer(EventLoopGroup workers, SslContext tls, TransportSettings settings, StreamConnections connections,
                 SipReceiver receiver) {
        this.workers = workers;
        this.tls = tls;
        this.settings = settings;
        this.connections = connections;
        this.receiver = receiver;
    }

    /** False when no connection can be had: the cap is reached, or the event loops are stopping. */
    boolean send(SipMessage message, Transport transport, InetSocketAddress target) {
        ChannelFuture connection = connections.connection(transport, target, () -> dial(transport, target));
        if (connection == null) {
            return false;
        }
        Object bytes = Outbound.encode(message, transport, connection.channel().alloc());
        connection.addListener((ChannelFutureListener) up -> {
            if (up.isSuccess()) {
                Outbound.write(up.channel(), bytes);
            } else {
                ReferenceCountUtil.release(bytes);
                LOG.debug("SIP over {} to {} not sent: cannot connect", transport, target, up.cause());
            }
        });
        return true;
    }

    private ChannelFuture dial(Transport transport, InetSocketAddress target) {
        if (connections.full() || workers.isShuttingDown()) {
            return null;
        }
        return new Bootstrap()
                .group(workers)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, DIAL_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, SipTransports.UNREAD_BYTES)
                .handler(new StreamChannelInitializer(transport, transport == Transport.TLS ? tls : null, target,
                        settings, connections, receiver))
                .connect(target);
    }
}
