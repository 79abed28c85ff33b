package io.telcred.cluster;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.telcred.common.Page;
import io.telcred.common.PageRequest;
import io.telcred.location.Binding;
import io.telcred.location.BindingListener;
import io.telcred.location.Location;
import io.telcred.location.RegistrationQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The location of a node in a cluster. Its own bindings stay in memory, as on a single node: the
 * registrar and the proxy work on them, as only this node holds their flows. They are copied to
 * Redis ({@link LocationCopy}), and {@link #list} adds the other nodes' copies from there. When Redis
 * cannot be read, {@link #list} answers this node's own and {@link #listsThisNodeOnly()} says so.
 */
public final class SharedLocation implements Location {

    private static final Logger LOG = LoggerFactory.getLogger(SharedLocation.class);
    private static final String HEARTBEAT_PREFIX = "telcred:node:";
    private static final String ACCOUNT_PREFIX = "telcred:registrations:";
    private static final String NODES_PREFIX = "telcred:nodes-of:";
    /**
     * The heartbeat of an incarnation whose copy is still being written: its fields are neither
     * listed nor, as a dead incarnation's would be, deleted.
     */
    static final String COPYING = "copying";
    /**
     * KEYS: the login's nodes, the account's bindings. ARGV: this node's prefix, the login name, now
     * (epoch ms), the heartbeat prefix, {@link #COPYING}. The live bindings of the login on the other live nodes.
     */
    private static final String COUNT_ELSEWHERE = """
            local count = 0
            for _, member in ipairs(redis.call('HKEYS', KEYS[1])) do
              local heartbeat = redis.call('GET', ARGV[4] .. member)
              if string.sub(member, 1, #ARGV[1]) ~= ARGV[1] and heartbeat and heartbeat ~= ARGV[5] then
                local value = redis.call('HGET', KEYS[2], member .. '/' .. ARGV[2])
                if value then
                  for _, binding in ipairs(cjson.decode(value)) do
                    if tonumber(binding.expires_at) > tonumber(ARGV[3]) then count = count + 1 end
                  end
                end
              end
            end
            return count
            """;
    private static final PageRequest EVERYTHING = new PageRequest(1, Integer.MAX_VALUE);

    private final ClusterSettings settings;
    private final Clock clock;
    private final LocationCopy copy;
    private final Location local;
    private volatile RedisChannel redis;
    private volatile boolean thisNodeOnly;

    /**
     * @param local makes this node's own location, given the listener it must tell of every change
     */
    public SharedLocation(ClusterSettings settings, Clock clock, Function<BindingListener, Location> local) {
        this.settings = settings;
        this.clock = clock;
        this.copy = new LocationCopy(settings, clock);
        this.local = local.apply(copy);
    }

    /** Called when the node joins: from now on the copy is kept and the listing reads Redis. */
    void share(RedisChannel redis) {
        this.redis = redis;
        copy.start(local, redis);
    }

    void reachableAt(String sipAddress) {
        copy.reachableAt(sipAddress);
    }

    void close() {
        copy.close();
    }

    static String heartbeatKey(String member) {
        return HEARTBEAT_PREFIX + member;
    }

    static String accountKey(String accountId) {
        return ACCOUNT_PREFIX + accountId;
    }

    static String nodesKey(String loginName) {
        return NODES_PREFIX + loginName;
    }

    static String field(String member, String loginName) {
        return member + "/" + loginName;
    }

    /** The {@code node/incarnation} of a {@link #field}, or empty when it is not one. */
    static String memberOf(String field) {
        int split = field.indexOf('/', field.indexOf('/') + 1);
        return split > 0 ? field.substring(0, split) : "";
    }

    @Override
    public Page<Binding> list(String accountId, RegistrationQuery query, PageRequest page) {
        List<Binding> all = new ArrayList<>(local.list(accountId, query, EVERYTHING).items());
        Optional<List<Binding>> others = othersOf(accountId, query);
        thisNodeOnly = others.isEmpty();
        others.ifPresent(all::addAll);
        all.sort(Binding.NEWEST_FIRST);
        return Page.slice(all, page);
    }

    /** Read on Redis's threads: the caller's work goes on there, never waiting. None when Redis cannot be read. */
    @Override
    public CompletableFuture<List<String>> otherNodesOf(String loginName) {
        RedisChannel channel = redis;
        RedisAsyncCommands<String, String> commands = channel == null || !channel.reachable() ? null : channel.commands();
        if (commands == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        String key = nodesKey(loginName);
        String ownPrefix = settings.nodeId() + "/";
        return commands.hkeys(key).toCompletableFuture().thenCompose(members -> {
            List<String> others = members.stream().filter(member -> !member.startsWith(ownPrefix)).toList();
            if (others.isEmpty()) {
                return CompletableFuture.completedFuture(List.<String>of());
            }
            return commands.mget(others.stream().map(SharedLocation::heartbeatKey).toArray(String[]::new))
                    .toCompletableFuture().thenApply(heartbeats -> {
                        List<String> addresses = new ArrayList<>(others.size());
                        for (int i = 0; i < others.size(); i++) {
                            KeyValue<String, String> heartbeat = heartbeats.get(i);
                            if (!heartbeat.hasValue()) {
                                commands.hdel(key, others.get(i));
                            } else if (!heartbeat.getValue().isEmpty() && !heartbeat.getValue().equals(COPYING)) {
                                addresses.add(heartbeat.getValue());
                            }
                        }
                        return addresses;
                    });
        }).exceptionally(e -> {
            LOG.debug("passes a call for {} to no other node: Redis cannot be read ({})", loginName, e.toString());
            return List.of();
        });
    }

    @Override
    public int bindingsOnOtherNodes(String accountId, String loginName) {
        RedisChannel channel = redis;
        RedisAsyncCommands<String, String> commands = channel == null || !channel.reachable() ? null : channel.commands();
        if (commands == null) {
            return 0;
        }
        try {
            Long count = commands.<Long>eval(COUNT_ELSEWHERE, ScriptOutputType.INTEGER,
                    new String[] {nodesKey(loginName), accountKey(accountId)}, settings.nodeId() + "/", loginName,
                    Long.toString(clock.millis()), HEARTBEAT_PREFIX, COPYING).get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return count == null ? 0 : count.intValue();
        } catch (Exception e) {
            LOG.debug("counts the bindings of {} on this node only: Redis cannot be read ({})", loginName, e.toString());
            return 0;
        }
    }

    @Override
    public boolean listsThisNodeOnly() {
        return thisNodeOnly;
    }

    /** The other live nodes' bindings of the account that match, or empty when Redis cannot be read. */
    private Optional<List<Binding>> othersOf(String accountId, RegistrationQuery query) {
        RedisChannel channel = redis;
        RedisAsyncCommands<String, String> commands = channel == null || !channel.reachable() ? null : channel.commands();
        if (commands == null) {
            return Optional.empty();
        }
        try {
            String key = accountKey(accountId);
            Map<String, String> fields = commands.hgetall(key).get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            Map<String, List<String>> fieldsByMember = new HashMap<>();
            String ownPrefix = settings.nodeId() + "/";
            for (String field : fields.keySet()) {
                String member = memberOf(field);
                if (!member.isEmpty() && !field.startsWith(ownPrefix)) {
                    fieldsByMember.computeIfAbsent(member, m -> new ArrayList<>()).add(field);
                }
            }
            List<Binding> bindings = new ArrayList<>();
            Instant now = clock.instant();
            for (String member : liveMembers(commands, key, fieldsByMember)) {
                for (String field : fieldsByMember.get(member)) {
                    bindings.addAll(decode(fields.get(field), accountId, query, now));
                }
            }
            return Optional.of(bindings);
        } catch (Exception e) {
            LOG.debug("lists this node's registrations only: Redis cannot be read ({})", e.toString());
            return Optional.empty();
        }
    }

    /**
     * The members whose heartbeat lives; the fields of those without one are deleted, as no node
     * will, but not those of an incarnation still {@link #COPYING}.
     */
    private List<String> liveMembers(RedisAsyncCommands<String, String> commands, String key,
                                     Map<String, List<String>> fieldsByMember) throws Exception {
        if (fieldsByMember.isEmpty()) {
            return List.of();
        }
        List<String> ordered = List.copyOf(fieldsByMember.keySet());
        List<KeyValue<String, String>> heartbeats = commands.mget(ordered.stream().map(SharedLocation::heartbeatKey)
                .toArray(String[]::new)).get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        List<String> live = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            KeyValue<String, String> heartbeat = heartbeats.get(i);
            if (heartbeat.hasValue() && !heartbeat.getValue().equals(COPYING)) {
                live.add(ordered.get(i));
            } else if (!heartbeat.hasValue()) {
                commands.hdel(key, fieldsByMember.get(ordered.get(i)).toArray(String[]::new));
            }
        }
        return live;
    }

    private static List<Binding> decode(String value, String accountId, RegistrationQuery query, Instant now) {
        try {
            return BindingWire.decode(value).stream()
                    .filter(b -> b.live(now) && b.accountId().equals(accountId) && query.matches(b)).toList();
        } catch (EventWire.Unreadable e) {
            LOG.warn("ignored a registration another node copied to Redis: a value {}", e.getMessage());
            return List.of();
        }
    }

    @Override
    public void put(Binding binding) {
        local.put(binding);
    }

    @Override
    public void restore(Binding binding) {
        local.restore(binding);
    }

    @Override
    public boolean remove(String loginName, String bindingKey) {
        return local.remove(loginName, bindingKey);
    }

    @Override
    public void removeAll(String loginName) {
        local.removeAll(loginName);
    }

    @Override
    public void removeConnection(long connectionId) {
        local.removeConnection(connectionId);
    }

    @Override
    public void removeFlow(String flowId) {
        local.removeFlow(flowId);
    }

    @Override
    public List<Binding> bindings(String loginName) {
        return local.bindings(loginName);
    }

    @Override
    public Optional<Binding> byContact(String contact) {
        return local.byContact(contact);
    }

    @Override
    public int purgeExpired() {
        return local.purgeExpired();
    }

    @Override
    public int size() {
        return local.size();
    }

    @Override
    public List<String> loginNames() {
        return local.loginNames();
    }
}
