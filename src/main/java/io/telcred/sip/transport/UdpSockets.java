package io.telcred.sip.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.telcred.sip.message.SipDatagramDecoder;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The SIP UDP port. On Linux it is served by one socket per thread, all bound to the same port with
 * {@code SO_REUSEPORT}: the kernel spreads the sources over them, and each thread reads, handles
 * and answers its datagrams without handing them to another thread. A single socket on one event
 * loop saturated one core while the other idled. Elsewhere (no native epoll) one NIO socket
 * serves the port.
 *
 * <p>Answers written while a read is being handled go out together when the read batch ends
 * ({@link FlushConsolidationHandler}), which lets epoll send them with one {@code sendmmsg}.
 */
final class UdpSockets implements AutoCloseable {

    /** Socket buffer of each UDP socket: room for bursts of registrations. */
    static final int RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
    /** The largest UDP payload over IPv4; a larger message must go over a stream (RFC 3261 §18.1.1). */
    static final int MAX_DATAGRAM_BYTES = 65_507;

    private final EventLoopGroup loops;
    private final List<DatagramChannel> sockets;

    private UdpSockets(EventLoopGroup loops, List<DatagramChannel> sockets) {
        this.loops = loops;
        this.sockets = List.copyOf(sockets);
    }

    /** Whether this platform can serve one port from several sockets. */
    static boolean sharedPortAvailable() {
        return Epoll.isAvailable();
    }

    /**
     * Binds {@code threads} sockets to the port (one when the platform cannot share a port). Throws
     * {@link IllegalStateException} naming the address when the port is taken; nothing is left open.
     */
    static UdpSockets bind(TransportSettings settings, SipReceiver receiver, int port, int threads) {
        boolean shared = sharedPortAvailable();
        int count = shared ? threads : 1;
        IoHandlerFactory io = shared ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(count, new DefaultThreadFactory("sip-udp"), io);
        Bootstrap bootstrap = new Bootstrap()
                .group(loops)
                .channel(shared ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
                // Netty reads datagrams into 2 KiB by default and cuts the rest: an INVITE with SDP is larger.
                // One byte over the limit lets the decoder tell "too large" from "just fits".
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(
                        Math.min(MAX_DATAGRAM_BYTES, settings.limits().maxMessageBytes()) + 1))
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel channel) {
                        channel.pipeline()
                                .addLast("flush", new FlushConsolidationHandler(
                                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false))
                                .addLast("stun", new StunBindingHandler())
                                .addLast("datagramDecoder", new SipDatagramDecoder(settings.limits()))
                                .addLast("sip", new DatagramInboundHandler(receiver));
                    }
                });
        if (shared) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        if (shared && port != TransportSettings.ANY_PORT) {
            refuseIfTaken(settings.bindHost(), port);
        }
        List<DatagramChannel> sockets = new ArrayList<>(count);
        int boundPort = port;
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(bound(bootstrap.bind(settings.bindHost(), boundPort), settings.bindHost(), boundPort));
                boundPort = ((InetSocketAddress) sockets.get(0).localAddress()).getPort();
            }
        } catch (IllegalStateException e) {
            new UdpSockets(loops, sockets).close();
            throw e;
        }
        return new UdpSockets(loops, sockets);
    }

    /**
     * {@code SO_REUSEPORT} would let a second server of the same user bind the port as well and
     * silently take part of its datagrams. A plain socket cannot share the port, so one is bound
     * first, as a probe, and closed.
     */
    private static void refuseIfTaken(String host, int port) {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(host, port))) {
            probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for SIP over UDP on " + NetUtil.toSocketAddressString(host, port)
                    + ": " + e.getMessage(), e);
        }
    }

    private static DatagramChannel bound(ChannelFuture binding, String host, int port) {
        binding.awaitUninterruptibly();
        if (!binding.isSuccess()) {
            binding.channel().close();
            Throwable cause = binding.cause();
            throw new IllegalStateException("cannot listen for SIP over UDP on " + NetUtil.toSocketAddressString(host, port)
                    + ": " + cause.getMessage(), cause);
        }
        return (DatagramChannel) binding.channel();
    }

    /** The socket answering on this thread's event loop, else the first. */
    DatagramChannel socket() {
        for (DatagramChannel socket : sockets) {
            if (socket.eventLoop().inEventLoop()) {
                return socket;
            }
        }
        return sockets.get(0);
    }

    Channel listener() {
        return sockets.get(0);
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) sockets.get(0).localAddress();
    }

    int count() {
        return sockets.size();
    }

    /** Sends from the SIP port; the buffer is released whatever happens. False when it is too large. */
    boolean send(ByteBuf bytes, InetSocketAddress target) {
        if (bytes.readableBytes() > MAX_DATAGRAM_BYTES) {
            bytes.release();
            return false;
        }
        Outbound.write(socket(), new DatagramPacket(bytes, target));
        return true;
    }

    @Override
    public void close() {
        for (DatagramChannel socket : sockets) {
            socket.close();
        }
        Future<?> stopping = loops.shutdownGracefully(0, SipTransports.SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        stopping.awaitUninterruptibly(SipTransports.SHUTDOWN_TIMEOUT_MILLIS * 2);
    }
}
