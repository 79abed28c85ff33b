package io.telcred.portal;

import io.javalin.http.sse.SseClient;
import io.telcred.common.Page;
import io.telcred.common.StoreUnavailableException;
import io.telcred.json.Json;
import io.telcred.location.Binding;
import io.telcred.portal.RegistrationTable.Snapshot;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open event streams of the registrations page. One thread looks at the location service once
 * a second for every stream and sends a stream its table again when its bindings changed (the
 * location service tells no one of changes; reading it is a lookup in memory, and in a cluster one
 * read of Redis). Every write happens on that thread, so a stream is never written by two at once. A
 * comment every
 * {@link #HEARTBEAT} keeps proxies from closing an idle stream and finds a browser that has gone
 * (the write fails); before it, the session is checked, and a stream of a user who signed out or
 * was removed is closed.
 */
final class RegistrationStreams implements AutoCloseable {

    static final Duration POLL = Duration.ofSeconds(1);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final String EVENT = "registrations";

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationStreams.class);

    private final RegistrationTable table;
    private final int streamsPerUser;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "portal-registration-streams");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private ScheduledFuture<?> ticking;

    RegistrationStreams(RegistrationTable table, int streamsPerUser) {
        this.table = table;
        this.streamsPerUser = streamsPerUser;
    }

    int streamsPerUser() {
        return streamsPerUser;
    }

    /** Takes one of the user's streams; false when they hold as many as allowed. */
    boolean reserve(String userId) {
        boolean[] taken = {false};
        perUser.compute(userId, (id, count) -> {
            int now = count == null ? 0 : count;
            taken[0] = now < streamsPerUser;
            return taken[0] ? now + 1 : now;
        });
        return taken[0];
    }

    /** Gives back a stream reserved with {@link #reserve}. */
    void release(String userId) {
        perUser.computeIfPresent(userId, (id, count) -> count <= 1 ? null : count - 1);
    }

    /**
     * Starts sending the account's table (of one connection, or all when null) to a reserved
     * stream, at once and then on every change, until the browser goes, the session ends or the
     * server stops.
     */
    void start(SseClient client, String userId, String accountId, Long connectionId, BooleanSupplier signedIn) {
        Stream stream = new Stream(client, accountId, connectionId, signedIn);
        client.onClose(() -> {
            if (open.remove(stream)) {
                release(userId);
            }
        });
        client.keepAlive();
        open.add(stream);
        ticker.execute(stream::tick);
        synchronized (this) {
            if (ticking == null) {
                ticking = ticker.scheduleWithFixedDelay(this::tickAll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void tickAll() {
        for (Stream stream : open) {
            stream.tick();
        }
    }

    /** Ends every stream (the server is stopping). */
    @Override
    public void close() {
        ticker.shutdownNow();
        for (Stream stream : open) {
            stream.client.close();
        }
    }

    /** One browser's stream, and what it was last sent. Touched only by the ticker thread. */
    private final class Stream {

        private final SseClient client;
        private final String accountId;
        private final Long connectionId;
        private final BooleanSupplier signedIn;
        private Page<Binding> lastBindings;
        private Snapshot lastSent;
        private long lastWriteNanos = System.nanoTime();

        Stream(SseClient client, String accountId, Long connectionId, BooleanSupplier signedIn) {
            this.client = client;
            this.accountId = accountId;
            this.connectionId = connectionId;
            this.signedIn = signedIn;
        }

        void tick() {
            if (client.terminated()) {
                return;
            }
            try {
                Page<Binding> bindings = table.bindings(accountId, connectionId);
                if (!bindings.equals(lastBindings)) {
                    Snapshot snapshot = table.snapshot(accountId, bindings);
                    lastBindings = bindings;
                    // A refreshed WebRTC session is a new binding but the same row: nothing to send.
                    if (!snapshot.equals(lastSent)) {
                        send(snapshot);
                        return;
                    }
                }
                if (System.nanoTime() - lastWriteNanos >= HEARTBEAT.toNanos()) {
                    heartbeat();
                }
            } catch (StoreUnavailableException e) {
                // Names cannot be read now; the next tick tries again.
            } catch (RuntimeException e) {
                LOG.warn("a registrations stream failed; it is closed", e);
                client.close();
            }
        }

        private void send(Snapshot snapshot) {
            client.sendEvent(EVENT, Json.write(snapshot));
            lastSent = snapshot;
            lastWriteNanos = System.nanoTime();
        }

        private void heartbeat() {
            if (!signedIn.getAsBoolean()) {
                client.close();
                return;
            }
            client.sendComment("heartbeat");
            lastWriteNanos = System.nanoTime();
        }
    }
}
