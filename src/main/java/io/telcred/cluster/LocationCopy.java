package io.telcred.cluster;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.telcred.crypto.RandomStrings;
import io.telcred.location.Binding;
import io.telcred.location.BindingListener;
import io.telcred.location.Location;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's bindings copied to Redis for the other nodes' listings. The SIP event loop only
 * notes which login names changed (a map entry, and a task handed over when none is pending); a
 * thread of its own then writes, a few milliseconds later, each one's bindings as they are now, all
 * in one batch of commands, so that a burst of refreshes of one login costs one write and a busy
 * node few trips to Redis. In Redis, each account has a hash whose fields are
 * {@code node/incarnation/login name} and whose values are that login's bindings on the node
 * ({@link BindingWire}).
 *
 * <p>A node also writes a heartbeat key that expires after {@link ClusterSettings#nodeTimeout()}:
 * its value is the node's SIP address. Readers ignore the fields of a node whose heartbeat is gone,
 * and delete them. A hash per login name names the nodes that hold its bindings, for calls. When a write fails
 * (Redis cannot be reached), what Redis holds of this node can no longer be trusted, so once Redis
 * answers again the node starts a new incarnation, drops the heartbeat of the old one and writes all
 * its bindings afresh.
 */
final class LocationCopy implements BindingListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocationCopy.class);
    private static final int INCARNATION_LENGTH = 8;
    /**
     * How long changes gather before they are written, in one batch of commands: a copy is at most
     * this much later than its binding, and a busy node writes far fewer times.
     */
    private static final Duration BATCH_DELAY = Duration.ofMillis(10);

    private final ClusterSettings settings;
    private volatile String sipAddress = "";
    /** The login names changed since the last batch, with their account and whether a binding came or went. */
    private final Map<String, Change> changed = new ConcurrentHashMap<>();
    private final AtomicBoolean flushPending = new AtomicBoolean();
    private final AtomicBoolean untrusted = new AtomicBoolean(true);
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "location-copy");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Location local;
    private volatile RedisChannel redis;
    private volatile String member;

    LocationCopy(ClusterSettings settings) {
        this.settings = settings;
        this.member = newMember();
    }

    /** Starts copying {@code local} over {@code redis}: a heartbeat at once, then three in each node timeout. */
    void start(Location local, RedisChannel redis) {
        this.local = local;
        this.redis = redis;
        long period = Math.max(1, settings.nodeTimeout().toMillis() / 3);
        writer.scheduleWithFixedDelay(this::beat, 0, period, TimeUnit.MILLISECONDS);
    }

    /** Where the other nodes pass calls on to this node's bindings: published with the next heartbeat. */
    void reachableAt(String sipAddress) {
        this.sipAddress = sipAddress;
        writer.execute(this::beat);
    }

    @Override
    public void added(Binding binding) {
        changed(binding, true);
    }

    @Override
    public void removed(Binding binding, Reason reason) {
        changed(binding, true);
    }

    @Override
    public void refreshed(Binding binding) {
        changed(binding, false);
    }

    /** A login's change, merged with those not written yet. */
    private record Change(String accountId, boolean cameOrWent) {

        Change and(Change later) {
            return cameOrWent || !later.cameOrWent ? this : later;
        }
    }

    private void changed(Binding binding, boolean cameOrWent) {
        changed.merge(binding.loginName(), new Change(binding.accountId(), cameOrWent), Change::and);
        if (redis != null && flushPending.compareAndSet(false, true)) {
            writer.schedule(this::flush, BATCH_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** On the writer's thread: the changes of the last moments, in one batch. */
    private void flush() {
        flushPending.set(false);
        StatefulRedisConnection<String, String> batch = redis.batch();
        if (batch == null || untrusted.get()) {
            return; // the next heartbeat that Redis answers writes everything
        }
        RedisAsyncCommands<String, String> commands = batch.async();
        String writing = member;
        for (String loginName : List.copyOf(changed.keySet())) {
            Change change = changed.remove(loginName);
            write(commands, writing, loginName, change.accountId(), change.cameOrWent());
        }
        batch.flushCommands();
    }

    /**
     * Writes the login's bindings as they are now; and, when one came or went, whether this node
     * holds any, for the calls of the other nodes.
     */
    private void write(RedisAsyncCommands<String, String> commands, String writing, String loginName, String accountId,
                       boolean cameOrWent) {
        List<Binding> bindings = local.bindings(loginName);
        String field = SharedLocation.field(writing, loginName);
        String nodes = SharedLocation.nodesKey(loginName);
        if (bindings.isEmpty()) {
            whenFailed(commands.hdel(SharedLocation.accountKey(accountId), field));
            whenFailed(commands.hdel(nodes, writing));
        } else {
            whenFailed(commands.hset(SharedLocation.accountKey(accountId), field, BindingWire.encode(bindings)));
            if (cameOrWent) {
                whenFailed(commands.hset(nodes, writing, ""));
            }
        }
    }

    private void whenFailed(CompletionStage<?> command) {
        command.whenComplete((ok, failure) -> {
            if (failure != null) {
                distrust(failure);
            }
        });
    }

    /** On the writer's thread: the heartbeat, and after a failure a new incarnation with every binding. */
    private void beat() {
        RedisChannel channel = redis;
        RedisAsyncCommands<String, String> commands = channel == null ? null : channel.commands();
        if (commands == null || channel.batch() == null) {
            return;
        }
        try {
            if (untrusted.get()) {
                member = newMember();
                forgetEarlierIncarnations(commands);
                heartbeat(commands).toCompletableFuture().get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
                untrusted.set(false);
                changed.clear();
                copyAll();
                LOG.info("node {} copied its {} registrations and WebRTC sessions to Redis", settings.nodeId(), local.size());
            } else {
                whenFailed(heartbeat(commands));
            }
        } catch (Exception e) {
            distrust(e);
        }
    }

    /** This node's earlier heartbeats, of before a restart or a failure: their bindings are no longer listed. */
    private void forgetEarlierIncarnations(RedisAsyncCommands<String, String> commands) throws Exception {
        ScanCursor cursor = ScanCursor.INITIAL;
        ScanArgs earlier = ScanArgs.Builder.matches(SharedLocation.heartbeatKey(settings.nodeId() + "/*")).limit(1_000);
        do {
            KeyScanCursor<String> page = commands.scan(cursor, earlier).get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            for (String key : page.getKeys()) {
                commands.del(key);
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    private CompletionStage<String> heartbeat(RedisAsyncCommands<String, String> commands) {
        return commands.set(SharedLocation.heartbeatKey(member), sipAddress,
                SetArgs.Builder.px(settings.nodeTimeout().toMillis()));
    }

    private void copyAll() {
        StatefulRedisConnection<String, String> batch = redis.batch();
        String writing = member;
        for (String loginName : local.loginNames()) {
            List<Binding> bindings = local.bindings(loginName);
            if (!bindings.isEmpty()) {
                write(batch.async(), writing, loginName, bindings.get(0).accountId(), true);
            }
        }
        batch.flushCommands();
    }

    private void distrust(Throwable failure) {
        if (!untrusted.getAndSet(true)) {
            LOG.warn("could not copy this node's registrations to Redis ({}); the other nodes list them again once "
                    + "Redis answers", failure.toString());
        }
    }

    /** Leaves: the other nodes stop listing this node's bindings at once. */
    @Override
    public void close() {
        writer.shutdownNow();
        RedisChannel channel = redis;
        RedisAsyncCommands<String, String> commands = channel == null ? null : channel.commands();
        if (commands != null) {
            try {
                commands.del(SharedLocation.heartbeatKey(member)).get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.debug("could not remove this node's heartbeat; it expires on its own: {}", e.toString());
            }
        }
    }

    private String newMember() {
        return settings.nodeId() + "/" + RandomStrings.alphanumeric(INCARNATION_LENGTH).toLowerCase();
    }
}
