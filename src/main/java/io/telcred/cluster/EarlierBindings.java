package io.telcred.cluster;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.telcred.location.Binding;
import io.telcred.location.Transport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bindings a node held before it restarted, read back from the copy in Redis
 * ({@link LocationCopy}) of its earlier incarnations whose heartbeat still lives, as Kamailio's
 * usrloc reloads its location at start. Only the live UDP ones: a phone on UDP is reached again at
 * the address it registered from, while a stream connection or a WebRTC session died with the
 * process, and those phones connect and register again.
 *
 * <p>Read once, before the node answers SIP: a scan of the accounts' hashes for the fields of this
 * node's id, proportional to all the bindings Redis holds.
 */
final class EarlierBindings {

    private static final Logger LOG = LoggerFactory.getLogger(EarlierBindings.class);
    private static final int SCAN_PAGE = 1_000;

    private EarlierBindings() {
    }

    /** This node's bindings of before a restart that can be taken back; none when it has no earlier incarnation. */
    static List<Binding> read(RedisAsyncCommands<String, String> commands, ClusterSettings settings, Instant now)
            throws Exception {
        Set<String> earlier = earlierIncarnations(commands, settings);
        if (earlier.isEmpty()) {
            return List.of();
        }
        List<Binding> bindings = new ArrayList<>();
        ScanArgs accounts = ScanArgs.Builder.matches(SharedLocation.accountKey("*")).limit(SCAN_PAGE);
        ScanArgs ownFields = ScanArgs.Builder.matches(settings.nodeId() + "/*").limit(SCAN_PAGE);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = wait(commands.scan(cursor, accounts), settings);
            for (String account : page.getKeys()) {
                ScanCursor fields = ScanCursor.INITIAL;
                do {
                    MapScanCursor<String, String> fieldPage = wait(commands.hscan(account, fields, ownFields), settings);
                    fieldPage.getMap().forEach((field, value) -> {
                        if (earlier.contains(SharedLocation.memberOf(field))) {
                            bindings.addAll(reloadable(value, now));
                        }
                    });
                    fields = fieldPage;
                } while (!fields.isFinished());
            }
            cursor = page;
        } while (!cursor.isFinished());
        return bindings;
    }

    /** The members {@code nodeId/incarnation} of this node whose heartbeat lives. */
    private static Set<String> earlierIncarnations(RedisAsyncCommands<String, String> commands, ClusterSettings settings)
            throws Exception {
        String prefix = SharedLocation.heartbeatKey("");
        ScanArgs heartbeats = ScanArgs.Builder.matches(SharedLocation.heartbeatKey(settings.nodeId() + "/*")).limit(SCAN_PAGE);
        Set<String> members = new HashSet<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = wait(commands.scan(cursor, heartbeats), settings);
            page.getKeys().forEach(key -> members.add(key.substring(prefix.length())));
            cursor = page;
        } while (!cursor.isFinished());
        // SCAN may return a key that expired meanwhile: keep those that still live.
        if (!members.isEmpty()) {
            List<String> ordered = List.copyOf(members);
            List<KeyValue<String, String>> values = wait(commands.mget(ordered.stream().map(SharedLocation::heartbeatKey)
                    .toArray(String[]::new)), settings);
            for (int i = 0; i < ordered.size(); i++) {
                if (!values.get(i).hasValue()) {
                    members.remove(ordered.get(i));
                }
            }
        }
        return members;
    }

    private static List<Binding> reloadable(String value, Instant now) {
        try {
            return BindingWire.decode(value).stream().filter(b -> b.transport() == Transport.UDP && !b.webRtc()
                    && b.live(now) && b.callIdFingerprint() != 0).toList();
        } catch (EventWire.Unreadable e) {
            LOG.warn("did not take back a registration of before the restart: a value {}", e.getMessage());
            return List.of();
        }
    }

    private static <T> T wait(RedisFuture<T> future, ClusterSettings settings) throws Exception {
        return future.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
