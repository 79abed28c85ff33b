package io.telcred.cluster;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.telcred.crypto.RandomStrings;
import io.telcred.location.Binding;
import io.telcred.location.BindingListener;
import io.telcred.location.Location;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
 * answers again (looked at each {@link ClusterSettings#reconnectDelay()}) the node starts a new
 * incarnation, drops the heartbeat of the old one and writes all its bindings afresh.
 */
final class LocationCopy implements BindingListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocationCopy.class);
    private static final int INCARNATION_LENGTH = 8;
    /**
     * How long changes gather before they are written, in one batch of commands: a copy is at most
     * this much later than its binding, and a busy node writes far fewer times.
     */
    private static final Duration BATCH_DELAY = Duration.ofMillis(10);
    /** KEYS: this incarnation's heartbeat, then the earlier ones'. ARGV: the SIP address, the node timeout (ms). */
    private static final String TAKE_OVER = """
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
            return 'OK'
            """;

    private final ClusterSettings settings;
    private final Clock clock;
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

    LocationCopy(ClusterSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.member = newMember();
    }

    /**
     * Starts copying {@code local} over {@code redis}: first takes back into {@code local} what this
     * node held before a restart ({@link EarlierBindings}), then a heartbeat at once, and three in
     * each node timeout.
     */
    void start(Location local, RedisChannel redis) {
        this.local = local;
        this.redis = redis;
        restoreEarlier();
        long period = Math.max(1, settings.nodeTimeout().toMillis() / 3);
        writer.scheduleWithFixedDelay(this::beat, 0, period, TimeUnit.MILLISECONDS);
        // Once Redis is back, the copy is written again within a reconnect delay, not at the next heartbeat.
        long retry = settings.reconnectDelay().toMillis();
        writer.scheduleWithFixedDelay(this::copyAgainOnceReachable, retry, retry, TimeUnit.MILLISECONDS);
    }

    private void copyAgainOnceReachable() {
        if (untrusted.get() && redis.reachable()) {
            beat();
        }
    }

    /** Before the node answers SIP, so that a phone's next refresh finds its binding. */
    private void restoreEarlier() {
        RedisAsyncCommands<String, String> commands = redis.commands();
        if (commands == null) {
            LOG.warn("node {} takes back none of its registrations of before a restart: Redis cannot be reached",
                    settings.nodeId());
            return;
        }
        try {
            List<Binding> earlier = EarlierBindings.read(commands, settings, clock.instant());
            earlier.forEach(local::restore);
            if (!earlier.isEmpty()) {
                LOG.info("node {} took back {} UDP registrations it held before a restart", settings.nodeId(),
                        earlier.size());
            }
        } catch (Exception e) {
            LOG.warn("node {} takes back none of its registrations of before a restart: Redis could not be read ({})",
                    settings.nodeId(), e.toString());
        }
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
        StatefulRedisConnection<String, String> batch = redis == null ? null : redis.batch();
        if (batch == null || untrusted.get()) {
            return; // the next heartbeat that Redis answers writes everything
        }
        RedisAsyncCommands<String, String> commands = batch.async();
        String writing = member;
        for (String loginName : List.copyOf(changed.keySet())) {
            Change change = changed.remove(loginName);
            write(commands, writing, loginName, change.accountId(), change.cameOrWent()).forEach(this::whenFailed);
        }
        batch.flushCommands();
    }

    /**
     * Writes the login's bindings as they are now; and, when one came or went, whether this node
     * holds any, for the calls of the other nodes. Returns the commands sent.
     */
    private List<RedisFuture<?>> write(RedisAsyncCommands<String, String> commands, String writing, String loginName,
                                       String accountId, boolean cameOrWent) {
        List<Binding> bindings = local.bindings(loginName);
        String field = SharedLocation.field(writing, loginName);
        String nodes = SharedLocation.nodesKey(loginName);
        if (bindings.isEmpty()) {
            return List.of(commands.hdel(SharedLocation.accountKey(accountId), field), commands.hdel(nodes, writing));
        }
        RedisFuture<?> copy = commands.hset(SharedLocation.accountKey(accountId), field, BindingWire.encode(bindings));
        return cameOrWent ? List.of(copy, commands.hset(nodes, writing, "")) : List.of(copy);
    }

    private void whenFailed(CompletionStage<?> command) {
        command.whenComplete((ok, failure) -> {
            if (failure != null) {
                distrust(failure);
            }
        });
    }

    /**
     * On the writer's thread: the heartbeat, and after a failure or at start a new incarnation with
     * every binding. Its copy is written under a heartbeat that says {@link SharedLocation#COPYING};
     * then its real heartbeat replaces those of the earlier incarnations in one step: a listing
     * meanwhile shows the earlier copy, never neither nor both.
     */
    private void beat() {
        RedisChannel channel = redis;
        RedisAsyncCommands<String, String> commands = channel == null ? null : channel.commands();
        if (commands == null || channel.batch() == null) {
            return;
        }
        try {
            if (untrusted.get()) {
                member = newMember();
                changed.clear();
                // Announced first, so that no node's listing meanwhile deletes the copy as a dead incarnation's.
                commands.set(SharedLocation.heartbeatKey(member), SharedLocation.COPYING,
                        SetArgs.Builder.px(settings.nodeTimeout().toMillis())).get(settings.timeout().toMillis(),
                        TimeUnit.MILLISECONDS);
                copyAll();
                takeOver(commands);
                untrusted.set(false);
                LOG.info("node {} copied its {} registrations and WebRTC sessions to Redis", settings.nodeId(), local.size());
            } else {
                whenFailed(heartbeat(commands));
            }
        } catch (Exception e) {
            distrust(e);
        }
    }

    /** This incarnation's heartbeat, and the earlier ones', of before a restart or a failure, gone: their copies are no longer listed. */
    private void takeOver(RedisAsyncCommands<String, String> commands) throws Exception {
        List<String> keys = new ArrayList<>();
        keys.add(SharedLocation.heartbeatKey(member));
        ScanCursor cursor = ScanCursor.INITIAL;
        ScanArgs earlier = ScanArgs.Builder.matches(SharedLocation.heartbeatKey(settings.nodeId() + "/*")).limit(1_000);
        do {
            KeyScanCursor<String> page = commands.scan(cursor, earlier).get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            page.getKeys().stream().filter(key -> !key.equals(keys.get(0))).forEach(keys::add);
            cursor = page;
        } while (!cursor.isFinished());
        commands.eval(TAKE_OVER, ScriptOutputType.STATUS, keys.toArray(String[]::new), sipAddress,
                Long.toString(settings.nodeTimeout().toMillis())).get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private CompletionStage<String> heartbeat(RedisAsyncCommands<String, String> commands) {
        return commands.set(SharedLocation.heartbeatKey(member), sipAddress,
                SetArgs.Builder.px(settings.nodeTimeout().toMillis()));
    }

    /** Every binding under the new incarnation; returns once Redis has taken them all. */
    private void copyAll() throws Exception {
        StatefulRedisConnection<String, String> batch = redis.batch();
        String writing = member;
        List<RedisFuture<?>> writes = new ArrayList<>();
        for (String loginName : local.loginNames()) {
            List<Binding> bindings = local.bindings(loginName);
            if (!bindings.isEmpty()) {
                writes.addAll(write(batch.async(), writing, loginName, bindings.get(0).accountId(), true));
            }
        }
        batch.flushCommands();
        // Each answer within the timeout, not all: a node with many bindings takes longer than one command.
        for (RedisFuture<?> write : writes) {
            write.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void distrust(Throwable failure) {
        if (!untrusted.getAndSet(true)) {
            LOG.warn("could not copy this node's registrations to Redis ({}); the other nodes list them again once "
                    + "Redis answers", failure.toString());
        }
    }

    /**
     * Leaves, writing the last changes first (the stream connections closed on the way down). The
     * heartbeat stays for a node timeout, empty: the other nodes list this node's phones on but pass
     * no call on to it, so that a restart under the same id, which takes them back, loses none.
     */
    @Override
    public void close() {
        try {
            writer.submit(this::flush).get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("could not write this node's last changes to Redis: {}", e.toString());
        }
        writer.shutdownNow();
        RedisChannel channel = redis;
        RedisAsyncCommands<String, String> commands = channel == null ? null : channel.commands();
        if (commands != null && !untrusted.get()) {
            try {
                commands.set(SharedLocation.heartbeatKey(member), "", SetArgs.Builder.px(settings.nodeTimeout().toMillis()))
                        .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.debug("could not mark this node's heartbeat as leaving; it expires on its own: {}", e.toString());
            }
        }
    }

    private String newMember() {
        return settings.nodeId() + "/" + RandomStrings.alphanumeric(INCARNATION_LENGTH).toLowerCase();
    }
}
