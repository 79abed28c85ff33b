package io.telcred.webhook;

import io.telcred.common.DomainException;
import io.telcred.connection.ConnectionService;
import io.telcred.connection.CredentialConnection;
import io.telcred.location.Binding;
import io.telcred.location.BindingListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code credential.registered} and {@code credential.unregistered}: a SIP binding or a WebRTC
 * session of a credential (or of a connection's own login) came or went, for the connection's
 * {@code webhook_event_url}. The location tells this on the thread that made the change, the SIP
 * event loop among them, so the news only joins a bounded queue; one thread looks the connection up
 * and writes the outbox row. When the queue is full (the database is slow or down) the event is
 * dropped and counted, and logged once in a while: the registrar is never held up.
 */
public final class RegistrationWebhooks implements BindingListener, AutoCloseable {

    public static final String REGISTERED = "credential.registered";
    public static final String UNREGISTERED = "credential.unregistered";

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationWebhooks.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ConnectionService connections;
    private final WebhookOutbox outbox;
    private final Duration defaultTimeout;
    private final Clock clock;
    private final ThreadPoolExecutor writer;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    public RegistrationWebhooks(ConnectionService connections, WebhookOutbox outbox, WebhookSettings settings, Clock clock) {
        this.connections = connections;
        this.outbox = outbox;
        this.defaultTimeout = settings.defaultTimeout();
        this.clock = clock;
        // One thread keeps a binding's registered and unregistered in the order they happened.
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.eventQueue()),
                runnable -> {
                    Thread thread = new Thread(runnable, "registration-webhooks");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public void added(Binding binding) {
        Instant at = clock.instant();
        submit(binding, at, () -> {
            Map<String, Object> payload = payload(binding);
            payload.put("registered_at", WebhookEnvelope.timestamp(binding.registeredAt()));
            payload.put("expires_at", WebhookEnvelope.timestamp(binding.expiresAt()));
            return payload;
        }, REGISTERED);
    }

    @Override
    public void removed(Binding binding, Reason reason) {
        Instant at = clock.instant();
        submit(binding, at, () -> {
            Map<String, Object> payload = payload(binding);
            payload.put("reason", reason.wireName());
            return payload;
        }, UNREGISTERED);
    }

    /** Events dropped because the queue was full or the outbox could not be written. */
    public long dropped() {
        return dropped.get();
    }

    private void submit(Binding binding, Instant at, Supplier<Map<String, Object>> payload, String eventType) {
        if (writer.isShutdown()) {
            return;
        }
        try {
            writer.execute(() -> write(binding, at, payload, eventType));
        } catch (RejectedExecutionException e) {
            drop("the queue of registration events is full (TELCRED_WEBHOOK_EVENT_QUEUE)");
        }
    }

    private void write(Binding binding, Instant at, Supplier<Map<String, Object>> payload, String eventType) {
        try {
            Optional<WebhookTarget> target = target(binding);
            if (target.isPresent()) {
                outbox.enqueue(binding.accountId(), binding.connectionId(), eventType, payload.get(), target.get(), at);
            }
        } catch (RuntimeException e) {
            drop(e.getMessage());
        }
    }

    private Optional<WebhookTarget> target(Binding binding) {
        try {
            CredentialConnection connection = connections.get(binding.accountId(), Long.toString(binding.connectionId()));
            return WebhookTarget.of(connection.settings(), defaultTimeout);
        } catch (DomainException e) {
            // The connection was deleted meanwhile: nobody to tell.
            return Optional.empty();
        }
    }

    private void drop(String why) {
        long count = dropped.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLogged.compareAndSet(last, now)) {
            LOG.warn("registration webhooks are being dropped ({} so far): {}", count, why);
        }
    }

    private static Map<String, Object> payload(Binding binding) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("connection_id", Long.toString(binding.connectionId()));
        payload.put("credential_id", binding.credentialId());
        payload.put("sip_username", binding.loginName());
        payload.put("transport", binding.transport().name());
        payload.put("ip_address", binding.sourceAddress());
        payload.put("port", binding.sourcePort());
        payload.put("user_agent", binding.userAgent());
        return payload;
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
