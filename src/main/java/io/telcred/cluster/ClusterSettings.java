package io.telcred.cluster;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import io.telcred.crypto.Hashes;
import io.telcred.crypto.RandomStrings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether this node is one of several, and how it reaches the Redis they share.
 *
 * @param redisUrl       {@code redis://} or {@code rediss://} URL, empty for a single node
 * @param nodeId         this node's name in the cluster: configured, or random at each start
 * @param timeout        for connecting to Redis and for each command
 * @param reconnectDelay longest wait between two attempts to reach a lost Redis, and how often it is checked
 * @param nodeTimeout    how long after its last heartbeat a node counts as gone
 */
public record ClusterSettings(Optional<String> redisUrl, String nodeId, Duration timeout, Duration reconnectDelay,
                              Duration nodeTimeout) {

    public static final Setting<Optional<String>> REDIS_URL = Setting.of("TELCRED_REDIS_URL", "",
            ClusterSettings::redisUrl, "`redis://HOST:PORT/DB` (or `rediss://` for TLS; a password as "
                    + "`redis://:PASSWORD@HOST`) that several nodes share: events, and with them revocations, reach every "
                    + "node at once. Unset: a single node");
    public static final Setting<Optional<String>> NODE_ID = Setting.of("TELCRED_NODE_ID", "", ClusterSettings::nodeId,
            "this node's name in a cluster (1 to 64 letters, digits, `.`, `_`, `-`); unset means a random one at each "
                    + "start");
    public static final Setting<Duration> TIMEOUT = Setting.millis("TELCRED_REDIS_TIMEOUT_MS", 2_000, 100, 60_000,
            "how long to wait for Redis to accept a connection or answer a command; longer, and it counts as unreachable");
    public static final Setting<Duration> RECONNECT_DELAY = Setting.millis("TELCRED_REDIS_RECONNECT_MS", 1_000, 50,
            60_000, "how often a node checks that Redis answers, and the longest wait between attempts to reach it again");
    public static final Setting<Optional<String>> NODE_SIP_ADDRESS = Setting.of("TELCRED_NODE_SIP_ADDRESS", "",
            ClusterSettings::hostAndPort, "`HOST` or `HOST:PORT` where the other nodes pass on calls to this node's "
                    + "phones (over TCP when this node listens on it, else UDP); unset means the SIP advertised host and "
                    + "this node's port");
    public static final Setting<Duration> NODE_TIMEOUT = Setting.millis("TELCRED_NODE_TIMEOUT_MS", 6_000, 300, 600_000,
            "how long after its last heartbeat in Redis (three in this time) a node counts as gone: the others stop "
                    + "listing its registrations; a node started again under the same id within it takes its UDP "
                    + "registrations back");

    private static final Pattern NODE_ID_TEXT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int RANDOM_NODE_ID = 8;
    private static final Pattern HOST_AND_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:\\d{1,5})?");

    public static ClusterSettings from(SettingValues values) {
        return new ClusterSettings(values.get(REDIS_URL),
                values.get(NODE_ID).orElseGet(() -> "node-" + RandomStrings.alphanumeric(RANDOM_NODE_ID).toLowerCase()),
                values.get(TIMEOUT), values.get(RECONNECT_DELAY), values.get(NODE_TIMEOUT));
    }

    public boolean enabled() {
        return redisUrl.isPresent();
    }

    /**
     * The 32 bits that name this node in its digest nonces: from its id, so that nodes with different
     * ids differ but for odds of one in four billion.
     */
    public int nodeTag() {
        byte[] hash = Hashes.sha256().digest(nodeId.getBytes(StandardCharsets.UTF_8));
        return (hash[0] & 0xff) << 24 | (hash[1] & 0xff) << 16 | (hash[2] & 0xff) << 8 | hash[3] & 0xff;
    }

    /** The URL's host, port and database, for the log: never its password. */
    public String redisAddress() {
        URI uri = URI.create(redisUrl.orElseThrow());
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getPath();
    }

    /** The Redis database of the URL (0 when it names none). */
    public int database() {
        String path = URI.create(redisUrl.orElseThrow()).getPath();
        return path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
    }

    private static Optional<String> redisUrl(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        String url = text.trim();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("must be a URL such as redis://127.0.0.1:6379/0, is not: " + e.getReason());
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("must start with redis:// or rediss://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("must name a host, as in redis://127.0.0.1:6379/0");
        }
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/") && !path.matches("/\\d{1,4}")) {
            throw new IllegalArgumentException("must end with the database number (redis://HOST:PORT/0) or nothing");
        }
        return Optional.of(url);
    }

    private static Optional<String> hostAndPort(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        String value = text.trim();
        if (!HOST_AND_PORT.matcher(value).matches()) {
            throw new IllegalArgumentException("must be HOST or HOST:PORT (an IPv6 address in brackets), is '" + text + "'");
        }
        int colon = value.lastIndexOf(':');
        if (colon > value.lastIndexOf(']')) {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("must name a port from 1 to 65535, names " + port);
            }
        }
        return Optional.of(value);
    }

    private static Optional<String> nodeId(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        if (!NODE_ID_TEXT.matcher(text.trim()).matches()) {
            throw new IllegalArgumentException("must be 1 to 64 letters, digits, '.', '_' or '-', is '" + text + "'");
        }
        return Optional.of(text.trim());
    }
}
