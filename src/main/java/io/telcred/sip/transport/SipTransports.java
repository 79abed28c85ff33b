package io.telcred.sip.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.telcred.location.Transport;
import io.telcred.metrics.Metrics;
import io.telcred.sip.message.SipMessage;
import io.telcred.sip.message.SipParser;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP transport layer (RFC 3261 §18): listens on UDP, TCP, TLS, WS and WSS, hands what arrives
 * to a {@link SipReceiver} with the {@link Flow} it came on, and sends messages back over a flow or
 * to an address.
 *
 * <p>Threads: Netty event loops (NIO) do all the I/O; the receiver is called on them and must not
 * block. {@link #send} may be called from any thread, the receiver's included; it encodes the message
 * at once and never waits for the network.
 *
 * <p>Answering: a response goes over the flow its request came on ({@link #send(SipMessage, Flow)}).
 * For UDP that is a datagram from the SIP port to the request's source address and port, which is
 * right for {@code rport} (RFC 3581) and NAT. For a connection it is that connection; if it has
 * closed, the send returns false and the core may fall back to {@link #send(SipMessage, Transport,
 * InetSocketAddress)} to the Via's address (RFC 3261 §18.2.2), which for TCP and TLS reuses or opens
 * a connection. WS and WSS clients cannot be dialled (RFC 7118 §5): once their connection is gone,
 * so is the way to reach them.
 *
 * <p>Limits: {@link TransportSettings#limits()} bounds every message; {@link
 * TransportSettings#maxConnections()} bounds the connections; a connection idle for {@link
 * TransportSettings#idleTimeout()} is closed, as is one whose peer stops reading what telcred writes.
 */
public final class SipTransports implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipTransports.class);

    /** How many times to look for a port free for both UDP and TCP when both ask for any port. */
    static final int SHARED_PORT_ATTEMPTS = 20;
    /** Bytes written but not yet taken by the peer: above the high mark the connection is closed. */
    static final WriteBufferWaterMark UNREAD_BYTES = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);
    static final int ACCEPT_BACKLOG = 1024;
    /** Shutdown: no quiet period, since SIP retransmits what a restart loses. */
    static final long SHUTDOWN_TIMEOUT_MILLIS = 2_000;

    private final TransportSettings settings;
    private final SipReceiver receiver;
    private final SipTraffic traffic;
    private final StreamConnections connections;
    private final SipParser parser;
    private final Map<Transport, Channel> listeners = new EnumMap<>(Transport.class);
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private volatile UdpSockets udp;
    private SslContext serverTls;
    private volatile StreamDialer dialer;
    private volatile boolean running;

    public SipTransports(TransportSettings settings, SipReceiver receiver) {
        this(settings, receiver, new SipTraffic(Metrics.none()));
    }

    /** Counts the messages that arrive and leave in {@code traffic}. */
    public SipTransports(TransportSettings settings, SipReceiver receiver, SipTraffic traffic) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.traffic = Objects.requireNonNull(traffic, "traffic");
        this.receiver = new SafeReceiver(Objects.requireNonNull(receiver, "receiver"), traffic);
        this.connections = new StreamConnections(settings.maxConnections(), this.receiver);
        this.parser = new SipParser(settings.limits());
    }

    /**
     * Binds every enabled transport and returns once they listen. Throws {@link IllegalStateException}
     * (naming the transport and address) when one cannot be bound; nothing is left open then.
     */
    public synchronized void start() {
        if (acceptors != null) {
            throw new IllegalStateException("SIP transports already started");
        }
        acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("sip-accept"), NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(settings.workerThreads(), new DefaultThreadFactory("sip-io"),
                NioIoHandler.newFactory());
        try {
            dialer = new StreamDialer(workers, TlsContexts.client(settings.tlsClientTrustAll()), settings, connections,
                    receiver);
            if (settings.tlsConfigured() && (settings.tlsPort() != TransportSettings.DISABLED
                    || settings.wssPort() != TransportSettings.DISABLED)) {
                serverTls = TlsContexts.server(settings.tlsCertificate(), settings.tlsPrivateKey());
            }
            bindUdpAndTcp();
            if (serverTls != null) {
                bindStream(Transport.TLS, settings.tlsPort(), new StreamChannelInitializer(Transport.TLS, serverTls, null,
                        settings, connections, receiver));
                bindStream(Transport.WSS, settings.wssPort(), new WebSocketChannelInitializer(Transport.WSS, serverTls,
                        settings, connections, receiver, parser));
            } else if (settings.tlsPort() != TransportSettings.DISABLED || settings.wssPort() != TransportSettings.DISABLED) {
                LOG.info("SIP over TLS and WSS is off: no TLS certificate and key are configured");
            }
            bindStream(Transport.WS, settings.wsPort(), new WebSocketChannelInitializer(Transport.WS, null, settings,
                    connections, receiver, parser));
            running = true;
            LOG.info("SIP listening on {}: {}", settings.bindHost(), describePorts());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The port a transport listens on, or -1 when it is off (or not started). */
    public int port(Transport transport) {
        Channel channel;
        synchronized (this) {
            channel = listeners.get(transport);
        }
        return channel == null ? -1 : ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /**
     * Sends over a flow: for UDP a datagram from the SIP port to {@code flow.remote()}; otherwise over
     * the flow's connection. Returns false when the connection has closed, the transports are
     * stopped, or a UDP message is larger than a datagram can carry; true means handed to the
     * socket, not delivered.
     */
    public boolean send(SipMessage message, Flow flow) {
        Objects.requireNonNull(message, "message");
        traffic.sent(message);
        if (flow.transport() == Transport.UDP) {
            return sendDatagram(message, flow.remote());
        }
        Channel channel = connections.channel(flow.id());
        if (channel == null) {
            return false;
        }
        Outbound.write(channel, Outbound.encode(message, flow.transport(), channel.alloc()));
        return true;
    }

    /**
     * As {@link #send(SipMessage, Flow)}, for a message already encoded (a retransmission, say); the
     * buffer is the transport's from here on, sent or released.
     */
    public boolean send(ByteBuf wire, Flow flow) {
        Objects.requireNonNull(wire, "wire");
        if (flow.transport() == Transport.UDP) {
            return sendDatagram(wire, flow.remote());
        }
        Channel channel = connections.channel(flow.id());
        if (channel == null) {
            wire.release();
            return false;
        }
        Outbound.write(channel, Outbound.frame(wire, flow.transport()));
        return true;
    }

    /**
     * Sends to an address: for UDP a datagram from the SIP port; for TCP and TLS over an open
     * connection to that address (accepted or dialled) or a new one, the message waiting until it is
     * up. Returns false when it cannot be sent at all: the transport is off, the address unresolved,
     * the connection cap reached, a UDP message too large for a datagram, or the transport WS or
     * WSS, which cannot be dialled. A dialled
     * connection that then fails drops what waited for it: the transaction layer's timers notice.
     * Outgoing TLS checks the server's certificate against the JDK trust store and the address
     * dialled, unless {@link TransportSettings#tlsClientTrustAll()}.
     */
    public boolean send(SipMessage message, Transport transport, InetSocketAddress target) {
        Objects.requireNonNull(message, "message");
        traffic.sent(message);
        if (target.isUnresolved()) {
            return false;
        }
        return switch (transport) {
            case UDP -> sendDatagram(message, target);
            case TCP, TLS -> running && dialer.send(message, transport, target);
            case WS, WSS -> false;
        };
    }

    /** Sends to a next hop: over its connection while that is open, or as a datagram; false when it cannot go. */
    public boolean send(SipMessage message, NextHop hop) {
        if (hop.flowId() != null) {
            Optional<Flow> flow = flow(hop.flowId());
            return flow.isPresent() && send(message, flow.get());
        }
        return send(message, hop.transport(), hop.address());
    }

    /**
     * The flow of that id while it can be sent over: an open connection, or for a {@code udp:} id
     * (always an IP literal) the address it names.
     */
    public Optional<Flow> flow(String id) {
        if (id.startsWith(Flow.UDP_PREFIX)) {
            UdpSockets sockets = udp;
            InetSocketAddress remote = Flow.udpRemote(id);
            return sockets == null || remote == null ? Optional.empty()
                    : Optional.of(Flow.udp(remote, sockets.localAddress()));
        }
        return connections.flow(id);
    }

    /** Closes every WS and WSS connection with a close frame of {@code status} and {@code reason}. */
    public void closeWebSockets(int status, String reason) {
        connections.closeWebSockets(status, reason);
    }

    /** Whether the transports are started and not yet closed. */
    public boolean listening() {
        return running;
    }

    /** How many TCP, TLS, WS and WSS connections are open now. */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Stops listening, closes every connection (telling the receiver of each flow) and stops the
     * event loops, waiting up to a few seconds. Call it from an application thread, not the receiver.
     */
    @Override
    public synchronized void close() {
        running = false;
        for (Channel listener : listeners.values()) {
            listener.close();
        }
        listeners.clear();
        if (udp != null) {
            udp.close();
            udp = null;
        }
        connections.closeAll().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
        Future<?> stoppingWorkers = workers == null ? null
                : workers.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        Future<?> stoppingAcceptors = acceptors == null ? null
                : acceptors.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (stoppingWorkers != null) {
            stoppingWorkers.awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS * 2);
        }
        if (stoppingAcceptors != null) {
            stoppingAcceptors.awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS * 2);
        }
    }

    private void bindUdpAndTcp() {
        int udpPort = settings.udpPort();
        int tcpPort = settings.tcpPort();
        if (udpPort == TransportSettings.ANY_PORT && tcpPort == TransportSettings.ANY_PORT) {
            bindSharedFreePort();
            return;
        }
        bindUdp(udpPort);
        bindStream(Transport.TCP, tcpPort, tcpInitializer());
    }

    /** SIP expects UDP and TCP on one port number; the OS picks TCP's, and UDP takes it if it is free. */
    private void bindSharedFreePort() {
        for (int attempt = 1; attempt <= SHARED_PORT_ATTEMPTS; attempt++) {
            bindStream(Transport.TCP, TransportSettings.ANY_PORT, tcpInitializer());
            int port = port(Transport.TCP);
            try {
                bindUdp(port);
                return;
            } catch (IllegalStateException taken) {
                synchronized (this) {
                    listeners.remove(Transport.TCP).close().awaitUninterruptibly();
                }
            }
        }
        throw new IllegalStateException("found no port free for both SIP UDP and TCP on " + settings.bindHost()
                + " in " + SHARED_PORT_ATTEMPTS + " attempts");
    }

    private void bindUdp(int port) {
        if (port == TransportSettings.DISABLED) {
            return;
        }
        int threads = settings.udpThreads() > 0 ? settings.udpThreads() : Runtime.getRuntime().availableProcessors();
        UdpSockets sockets = UdpSockets.bind(settings, receiver, port, threads);
        synchronized (this) {
            listeners.put(Transport.UDP, sockets.listener());
        }
        udp = sockets;
    }

    private void bindStream(Transport transport, int port, ChannelHandler initializer) {
        if (port == TransportSettings.DISABLED) {
            return;
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, UNREAD_BYTES)
                .childHandler(initializer);
        bind(transport, bootstrap.bind(settings.bindHost(), port), port);
    }

    private Channel bind(Transport transport, ChannelFuture binding, int port) {
        binding.awaitUninterruptibly();
        if (!binding.isSuccess()) {
            binding.channel().close();
            Throwable cause = binding.cause();
            throw new IllegalStateException("cannot listen for SIP over " + transport + " on "
                    + NetUtil.toSocketAddressString(settings.bindHost(), port) + ": " + cause.getMessage(), cause);
        }
        synchronized (this) {
            listeners.put(transport, binding.channel());
        }
        return binding.channel();
    }

    private StreamChannelInitializer tcpInitializer() {
        return new StreamChannelInitializer(Transport.TCP, null, null, settings, connections, receiver);
    }

    private boolean sendDatagram(SipMessage message, InetSocketAddress target) {
        UdpSockets sockets = udp;
        if (sockets == null || !running) {
            return false;
        }
        return sockets.send(Outbound.bytes(message, sockets.socket().alloc()), target);
    }

    private boolean sendDatagram(ByteBuf bytes, InetSocketAddress target) {
        UdpSockets sockets = udp;
        if (sockets == null || !running) {
            bytes.release();
            return false;
        }
        return sockets.send(bytes, target);
    }

    private String describePorts() {
        StringBuilder ports = new StringBuilder();
        for (Transport transport : Transport.values()) {
            int port = port(transport);
            if (port > 0) {
                ports.append(ports.length() == 0 ? "" : ", ").append(transport).append(' ').append(port);
                UdpSockets sockets = udp;
                if (transport == Transport.UDP && sockets != null) {
                    ports.append(sockets.count() > 1 ? " (" + sockets.count() + " sockets, epoll)" : " (1 socket)");
                }
            }
        }
        return ports.length() == 0 ? "nothing" : ports.toString();
    }
}
