package io.telcred.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis pub/sub channel, through one client and three connections: a subscriber (a subscribed
 * connection can do nothing else), a publisher that also serves commands, and one for batches of
 * writes. All are made at start; a Redis that cannot be reached then is tried again every
 * {@link ClusterSettings#reconnectDelay()}, and one lost later is reconnected by the client, which
 * subscribes again on its own. Every
 * {@link Receiver#subscribed()} is a moment after which no message is missed, and comes once the
 * publisher is connected again too.
 *
 * <p>Commands are refused at once while a connection is down, rather than queued without bound.
 * A ping each {@code reconnectDelay} tells a Redis that answers from one that only holds the
 * socket open.
 */
final class RedisChannel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisChannel.class);
    private static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(20);

    /** What the channel hands on: called on the client's threads, so it must not wait. */
    interface Receiver {
        /** Subscribed (again): from now on every message arrives. */
        void subscribed();

        void received(String message);
    }

    private final ClusterSettings settings;
    private final String channel;
    private final Receiver receiver;
    private final ClientResources resources;
    private final RedisClient client;
    private final ScheduledExecutorService watch;
    private volatile StatefulRedisConnection<String, String> publisher;
    private volatile StatefulRedisConnection<String, String> batcher;
    private volatile StatefulRedisPubSubConnection<String, String> subscriber;
    private volatile boolean subscribed;
    /** Whether the receiver was told of the present subscription. */
    private volatile boolean announced;
    private volatile boolean answering;
    private volatile boolean reachable;
    private volatile boolean closing;

    private RedisChannel(ClusterSettings settings, String channel, Receiver receiver) {
        this.settings = settings;
        this.channel = channel;
        this.receiver = receiver;
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(FIRST_RECONNECT_DELAY, settings.reconnectDelay(), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, RedisURI.create(settings.redisUrl().orElseThrow()));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == subscriber) {
                    subscribed = false;
                    noteReachability();
                } else if (connection == publisher) {
                    answering = false;
                    noteReachability();
                }
            }
        });
        this.watch = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "redis-watch");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Connects now, or keeps trying in the background when Redis cannot be reached. */
    static RedisChannel open(ClusterSettings settings, String channel, Receiver receiver) {
        RedisChannel redis = new RedisChannel(settings, channel, receiver);
        redis.connect();
        long period = settings.reconnectDelay().toMillis();
        redis.watch.scheduleWithFixedDelay(redis::check, period, period, TimeUnit.MILLISECONDS);
        return redis;
    }

    /** Whether Redis answers and the subscription stands. */
    boolean reachable() {
        return reachable;
    }

    /** Commands over the publishing connection, or null before Redis was first reached; they fail at once while it cannot be. */
    RedisAsyncCommands<String, String> commands() {
        StatefulRedisConnection<String, String> connection = publisher;
        return connection == null ? null : connection.async();
    }

    /**
     * A connection of its own for many writes at once: its commands wait for
     * {@link StatefulRedisConnection#flushCommands()} and go out together. Null before Redis was
     * first reached.
     */
    StatefulRedisConnection<String, String> batch() {
        return batcher;
    }

    /** Sends a message to every subscriber; fails at once while Redis cannot be reached. */
    CompletableFuture<Long> publish(String message) {
        StatefulRedisConnection<String, String> connection = publisher;
        if (connection == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis has not been reached yet"));
        }
        return connection.async().publish(channel, message).toCompletableFuture();
    }

    @Override
    public void close() {
        closing = true;
        watch.shutdownNow();
        client.shutdown(Duration.ZERO, settings.timeout());
        resources.shutdown(0, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Makes the connections not made yet; on the watch's thread, or the starting one before the watch runs. */
    private void connect() {
        try {
            if (publisher == null) {
                publisher = client.connect();
            }
            if (batcher == null) {
                StatefulRedisConnection<String, String> connection = client.connect();
                connection.setAutoFlushCommands(false);
                batcher = connection;
            }
            if (subscriber == null) {
                subscriber = subscribe(client.connectPubSub());
            }
            answering = true;
        } catch (RuntimeException e) {
            answering = false;
            LOG.debug("Redis at {} cannot be reached: {}", settings.redisAddress(), e.toString());
        }
        noteReachability();
    }

    /** The connection subscribed to the channel; closed when the subscription fails, to be made again. */
    private StatefulRedisPubSubConnection<String, String> subscribe(StatefulRedisPubSubConnection<String, String> connection) {
        try {
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void subscribed(String name, long count) {
                    RedisChannel.this.subscribed = true;
                    announced = false;
                    announceSubscription();
                }

                @Override
                public void message(String name, String message) {
                    receiver.received(message);
                }
            });
            connection.sync().subscribe(channel);
            return connection;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private void check() {
        if (publisher == null || subscriber == null) {
            connect();
            return;
        }
        try {
            publisher.sync().ping();
            answering = true;
        } catch (RuntimeException e) {
            answering = false;
        }
        announceSubscription();
    }

    /**
     * Tells the receiver of a subscription once the publisher answers too: what it sends on
     * hearing of it (the changes it missed) must not be lost to a publisher still reconnecting.
     */
    private synchronized void announceSubscription() {
        StatefulRedisConnection<String, String> connection = publisher;
        if (subscribed && !announced && connection != null && connection.isOpen()) {
            answering = true;
            announced = true;
            noteReachability();
            receiver.subscribed();
        } else {
            noteReachability();
        }
    }

    private synchronized void noteReachability() {
        boolean now = answering && subscribed;
        if (now == reachable || closing) {
            return;
        }
        reachable = now;
        if (now) {
            LOG.info("Redis at {} is reachable: events reach every node", settings.redisAddress());
        } else {
            LOG.warn("Redis at {} cannot be reached: this node serves what it holds, and re-reads the database once "
                    + "Redis is back", settings.redisAddress());
        }
    }
}
