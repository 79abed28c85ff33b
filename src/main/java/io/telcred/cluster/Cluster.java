package io.telcred.cluster;

import io.telcred.common.Readiness;
import io.telcred.event.DomainEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node as one of several sharing a Redis: the events of each reach all (see
 * {@link EventBridge}), and its readiness says whether Redis can be reached. A node that cannot
 * reach Redis, at start or later, keeps serving what it holds ("degraded"), and catches up when
 * Redis is back.
 *
 * <p>What is not shared yet: the location (a binding is known to the node that holds its
 * connection), the brute-force bans and the per-user device limit (each node counts its own).
 */
public final class Cluster implements Readiness, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
    /** Redis pub/sub ignores the database number, so the channel carries it: installations on one Redis stay apart. */
    private static final String CHANNEL_PREFIX = "telcred:events:";

    private final ClusterSettings settings;
    private final EventBridge bridge;
    private final RedisChannel redis;

    private Cluster(ClusterSettings settings, EventBridge bridge, RedisChannel redis) {
        this.settings = settings;
        this.bridge = bridge;
        this.redis = redis;
    }

    /** Joins the cluster: connects to Redis (or keeps trying, degraded) and bridges {@code events}. */
    public static Cluster join(ClusterSettings settings, DomainEvents events) {
        EventBridge bridge = new EventBridge(settings.nodeId(), events);
        events.forwardTo(bridge);
        RedisChannel redis = RedisChannel.open(settings, CHANNEL_PREFIX + settings.database(), bridge);
        bridge.sendOver(redis);
        if (redis.reachable()) {
            LOG.info("node {} joined the cluster on Redis at {}", settings.nodeId(), settings.redisAddress());
        } else {
            LOG.warn("node {} starts degraded: Redis at {} cannot be reached; it serves what it holds and joins when "
                    + "Redis answers", settings.nodeId(), settings.redisAddress());
        }
        return new Cluster(settings, bridge, redis);
    }

    public String nodeId() {
        return settings.nodeId();
    }

    /** {@code ok}, or {@code unreachable} while Redis cannot be reached. */
    @Override
    public String state() {
        return redis.reachable() ? OK : "unreachable";
    }

    @Override
    public void close() {
        bridge.finishSending(settings.timeout());
        redis.close();
        bridge.close();
    }
}
