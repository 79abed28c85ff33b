package io.telcred.cluster;

import io.telcred.auth.AuthFailureSettings;
import io.telcred.auth.SharedFailures;
import io.telcred.common.Readiness;
import io.telcred.event.DomainEvents;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node as one of several sharing a Redis: the events of each reach all (see
 * {@link EventBridge}), and its readiness says whether Redis can be reached. A node that cannot
 * reach Redis, at start or later, keeps serving what it holds ("degraded"), and catches up when
 * Redis is back.
 *
 * <p>The location is shared ({@link SharedLocation}): every node lists every binding, and passes a
 * call on to the node that holds the callee's connection. Authentication failures are counted
 * together ({@link SharedBans}).
 */
public final class Cluster implements Readiness, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
    /** Redis pub/sub ignores the database number, so the channel carries it: installations on one Redis stay apart. */
    private static final String CHANNEL_PREFIX = "telcred:events:";

    private final ClusterSettings settings;
    private final EventBridge bridge;
    private final RedisChannel redis;

    private final SharedLocation location;
    private final DomainEvents events;

    private Cluster(ClusterSettings settings, EventBridge bridge, RedisChannel redis, SharedLocation location,
                    DomainEvents events) {
        this.settings = settings;
        this.events = events;
        this.bridge = bridge;
        this.redis = redis;
        this.location = location;
    }

    /**
     * Joins the cluster: connects to Redis (or keeps trying, degraded), bridges {@code events} and
     * shares {@code location}.
     */
    public static Cluster join(ClusterSettings settings, DomainEvents events, SharedLocation location) {
        EventBridge bridge = new EventBridge(settings.nodeId(), events);
        events.forwardTo(bridge);
        RedisChannel redis = RedisChannel.open(settings, CHANNEL_PREFIX + settings.database(), bridge);
        bridge.sendOver(redis);
        location.share(redis);
        if (redis.reachable()) {
            LOG.info("node {} joined the cluster on Redis at {}", settings.nodeId(), settings.redisAddress());
        } else {
            LOG.warn("node {} starts degraded: Redis at {} cannot be reached; it serves what it holds and joins when "
                    + "Redis answers", settings.nodeId(), settings.redisAddress());
        }
        return new Cluster(settings, bridge, redis, location, events);
    }

    /** Publishes where the other nodes pass calls on to this node's bindings ({@code sip:HOST:PORT;transport=tcp}). */
    public void reachableAt(String sipAddress) {
        LOG.info("node {} takes calls for its phones from the other nodes at {}", settings.nodeId(), sipAddress);
        location.reachableAt(sipAddress);
    }

    /** Where this node counts authentication failures with the others ({@link SharedBans}). */
    public SharedFailures sharedFailures(AuthFailureSettings authSettings, Clock clock) {
        return new SharedBans(redis, events, authSettings, clock);
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
        location.close();
        redis.close();
        bridge.close();
    }
}
