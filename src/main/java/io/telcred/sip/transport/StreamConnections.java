package io.telcred.sip.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.channel.ChannelFuture;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.telcred.location.Transport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every open TCP, TLS, WS and WSS connection: the cap on their number, their flows by id, and the
 * TCP and TLS ones by peer address so that a request to an address reuses a connection to it
 * (RFC 3261 §18.1.1) whichever side opened it. Thread-safe: event loops register and remove
 * connections while any thread sends.
 */
final class StreamConnections {

    static final AttributeKey<Flow> FLOW = AttributeKey.valueOf(StreamConnections.class, "flow");

    private static final Logger LOG = LoggerFactory.getLogger(StreamConnections.class);
    /** The warning that the cap is reached is repeated at most this often, so a flood does not flood the log. */
    private static final long FULL_WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** A TCP or TLS peer. */
    private record Peer(Transport transport, InetSocketAddress address) {
    }

    private final int maxConnections;
    private final SipReceiver receiver;
    private final AtomicInteger open = new AtomicInteger();
    private final ChannelGroup channels = new DefaultChannelGroup("sip-connections", GlobalEventExecutor.INSTANCE);
    private final Map<String, Channel> byId = new ConcurrentHashMap<>();
    private final Map<Peer, ChannelFuture> byPeer = new ConcurrentHashMap<>();
    /** Flow ids differ across restarts, since a binding may outlive the process that stored it. */
    private final String instanceTag = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong lastFullWarning = new AtomicLong(System.nanoTime() - FULL_WARNING_INTERVAL_NANOS);

    StreamConnections(int maxConnections, SipReceiver receiver) {
        this.maxConnections = maxConnections;
        this.receiver = receiver;
    }

    /** Counts a new connection; false (and the caller closes it) when {@code maxConnections} are open. */
    boolean admit(Channel channel) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            warnFull(channel.remoteAddress());
            return false;
        }
        channels.add(channel);
        channel.closeFuture().addListener(f -> open.decrementAndGet());
        return true;
    }

    boolean full() {
        return open.get() >= maxConnections;
    }

    int size() {
        return open.get();
    }

    /**
     * Makes the connection a flow others can send over, and tells the receiver when it closes.
     * Returns null when the connection is already gone.
     */
    Flow open(Transport transport, Channel channel) {
        return open(transport, channel, channel.remoteAddress());
    }

    /** As above, for a connection whose client is {@code remote} rather than its peer (behind a reverse proxy). */
    Flow open(Transport transport, Channel channel, SocketAddress remote) {
        SocketAddress local = channel.localAddress();
        if (!(remote instanceof InetSocketAddress) || !(local instanceof InetSocketAddress) || !channel.isActive()) {
            return null;
        }
        String id = transport.name().toLowerCase(Locale.ROOT) + "-" + instanceTag + "-" + sequence.incrementAndGet();
        Flow flow = new Flow(id, transport, (InetSocketAddress) remote, (InetSocketAddress) local);
        channel.attr(FLOW).set(flow);
        byId.put(id, channel);
        Peer peer = dialable(transport) ? new Peer(transport, flow.remote()) : null;
        ChannelFuture ready = channel.newSucceededFuture();
        if (peer != null) {
            byPeer.putIfAbsent(peer, ready);
        }
        channel.closeFuture().addListener(f -> {
            byId.remove(id, channel);
            if (peer != null) {
                byPeer.remove(peer, ready);
            }
            receiver.flowClosed(flow);
        });
        return flow;
    }

    /** The open connection of a flow, or null. */
    Channel channel(String flowId) {
        Channel channel = byId.get(flowId);
        return channel != null && channel.isActive() ? channel : null;
    }

    Optional<Flow> flow(String flowId) {
        Channel channel = channel(flowId);
        return channel == null ? Optional.empty() : Optional.ofNullable(channel.attr(FLOW).get());
    }

    /**
     * A connection to {@code address}, open or being opened: one already there, else {@code dial}'s
     * (null when it cannot dial). Two threads that race to dial keep one connection and close the other.
     */
    ChannelFuture connection(Transport transport, InetSocketAddress address, Supplier<ChannelFuture> dial) {
        Peer peer = new Peer(transport, address);
        ChannelFuture current = byPeer.get(peer);
        if (current != null && !usable(current)) {
            byPeer.remove(peer, current);
            current = null;
        }
        if (current != null) {
            return current;
        }
        ChannelFuture dialed = dial.get();
        if (dialed == null || !usable(dialed)) {
            return null;
        }
        ChannelFuture raced = byPeer.putIfAbsent(peer, dialed);
        // The dialled connection may already be up and registered by open(): then it is the one found.
        if (raced != null && raced.channel() != dialed.channel()) {
            if (usable(raced)) {
                dialed.channel().close();
                return raced;
            }
            byPeer.replace(peer, raced, dialed);
        }
        dialed.channel().closeFuture().addListener(f -> byPeer.remove(peer, dialed));
        return dialed;
    }

    /** Closes every connection; the future completes when all are closed. */
    ChannelGroupFuture closeAll() {
        return channels.close();
    }

    /** Closes the WS and WSS connections, each after a close frame that tells its client why. */
    void closeWebSockets(int status, String reason) {
        for (Channel channel : channels) {
            Flow flow = channel.attr(FLOW).get();
            if (flow != null && (flow.transport() == Transport.WS || flow.transport() == Transport.WSS)) {
                channel.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private static boolean usable(ChannelFuture connection) {
        if (!connection.isDone()) {
            return connection.channel().isOpen();
        }
        return connection.isSuccess() && connection.channel().isActive();
    }

    private static boolean dialable(Transport transport) {
        return transport == Transport.TCP || transport == Transport.TLS;
    }

    private void warnFull(SocketAddress refused) {
        long now = System.nanoTime();
        long last = lastFullWarning.get();
        if (now - last >= FULL_WARNING_INTERVAL_NANOS && lastFullWarning.compareAndSet(last, now)) {
            LOG.warn("SIP connection from {} refused: {} of {} connections open (the maximum); raise it or look for a "
                    + "flood (warned at most once a minute)", refused, open.get(), maxConnections);
        } else {
            LOG.debug("SIP connection from {} refused: {} connections open", refused, maxConnections);
        }
    }
}
