package io.telcred.webhook;

import io.telcred.webhook.AddressPolicy.RefusedAddressException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox's webhooks. One poller claims due rows (a lease in the database, so several
 * nodes never send the same attempt at once) and hands each to a small pool that signs it, checks
 * its address and sends it without waiting for the answer. Attempts under way are bounded per node
 * and per account: a receiver that is slow or dead holds at most the account's share, never the
 * other accounts' webhooks. An attempt that gets no 2xx is retried on the {@link RetrySchedule}.
 */
public final class WebhookDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    /** Beyond the attempt's own timeout, before another node may take the row over. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(10);
    /** How long closing waits for the poller and the attempts under way. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final int ERROR_LENGTH = 200;

    private final WebhookRepository repository;
    private final WebhookSigner signer;
    private final WebhookSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private final ExecutorService workers;
    private final Thread poller;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlightByAccount = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public WebhookDelivery(WebhookRepository repository, WebhookOutbox outbox, WebhookSigner signer,
                           WebhookSettings settings, Clock clock) {
        this.repository = repository;
        this.signer = signer;
        this.settings = settings;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(settings.threads(), daemon("webhook-worker"));
        // A 3xx is an answer like any other: following it could lead past the address check.
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.defaultTimeout()).executor(workers).build();
        this.poller = daemon("webhook-poller").newThread(this::pollUntilClosed);
        outbox.onEnqueued(this::wake);
    }

    public void start() {
        poller.start();
    }

    /** Looks at the outbox now rather than at the next poll. */
    public void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    /** Attempts under way on this node, for the benchmark and the tests. */
    public int inFlight() {
        return inFlight.get();
    }

    private void pollUntilClosed() {
        while (running) {
            try {
                wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                while (running && claimDue() > 0) {
                    // More may be due than one query returned.
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The database is down or slow: the rows wait in the outbox; try again at the next poll.
                LOG.warn("webhooks could not be read from the outbox: {}", e.getMessage());
            }
        }
    }

    /** Claims what is due and may be sent now; returns how many attempts it started. */
    private int claimDue() {
        int room = settings.maxInFlight() - inFlight.get();
        if (room <= 0) {
            return 0;
        }
        Instant now = now();
        List<OutboxEntry> due = repository.due(now, busyAccounts(), room);
        int started = 0;
        for (OutboxEntry entry : due) {
            String account = entry.event().accountId();
            if (inFlight.get() >= settings.maxInFlight() || accountInFlight(account).get() >= settings.maxInFlightPerAccount()) {
                continue;
            }
            Instant lease = now.plus(entry.target().timeout()).plus(LEASE_MARGIN);
            if (repository.claim(entry.event().id(), entry.nextAttemptAt(), lease)) {
                inFlight.incrementAndGet();
                accountInFlight(account).incrementAndGet();
                started++;
                workers.execute(() -> attempt(entry));
            }
        }
        return started;
    }

    private Set<String> busyAccounts() {
        return inFlightByAccount.entrySet().stream()
                .filter(e -> e.getValue().get() >= settings.maxInFlightPerAccount())
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private AtomicInteger accountInFlight(String account) {
        return inFlightByAccount.computeIfAbsent(account, a -> new AtomicInteger());
    }

    private void attempt(OutboxEntry entry) {
        int number = entry.attempts() + 1;
        Optional<String> url = settings.retries().url(number, entry.target());
        Instant started = now();
        if (url.isEmpty()) {
            // Only when the settings shrank since the row was last tried.
            finish(entry, new DeliveryAttempt(number, entry.target().url(), false, null, "no attempts left", started, started));
            return;
        }
        try {
            URI uri = URI.create(url.get());
            settings.addresses().check(uri.getHost());
            byte[] body = WebhookEnvelope.body(entry.event(), number, url.get());
            WebhookSigner.SignedHeaders signature = signer.sign(clock.instant().getEpochSecond(), body);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(entry.target().timeout())
                    .header("Content-Type", "application/json")
                    .header(WebhookSigner.TIMESTAMP_HEADER, signature.timestamp())
                    .header(WebhookSigner.SIGNATURE_HEADER, signature.signature())
                    .header("User-Agent", "telcred-webhooks")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    // A receiver that answers but never ends its body holds the slot no longer than this.
                    .orTimeout(entry.target().timeout().plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS)
                    .whenCompleteAsync((response, failure) -> finish(entry, outcome(number, url.get(), started,
                            response, failure)), workers);
        } catch (RefusedAddressException | IllegalArgumentException e) {
            finish(entry, new DeliveryAttempt(number, url.get(), false, null, shorten(e.getMessage()), started, now()));
        } catch (RuntimeException e) {
            finish(entry, new DeliveryAttempt(number, url.get(), false, null, shorten(describe(e)), started, now()));
        }
    }

    private DeliveryAttempt outcome(int number, String url, Instant started, HttpResponse<Void> response, Throwable failure) {
        if (failure != null) {
            return new DeliveryAttempt(number, url, false, null, shorten(describe(failure)), started, now());
        }
        int status = response.statusCode();
        boolean delivered = status >= 200 && status < 300;
        return new DeliveryAttempt(number, url, delivered, status, null, started, now());
    }

    private void finish(OutboxEntry entry, DeliveryAttempt attempt) {
        try {
            DeliveryStatus status;
            Instant next = attempt.finishedAt();
            if (attempt.delivered()) {
                status = DeliveryStatus.DELIVERED;
            } else if (settings.retries().url(attempt.number() + 1, entry.target()).isPresent()) {
                status = DeliveryStatus.PENDING;
                next = attempt.finishedAt().plus(settings.retries().delayAfter(attempt.number()));
            } else {
                status = DeliveryStatus.FAILED;
                LOG.info("gave up webhook {} ({}) of account {} after {} attempts", entry.event().id(),
                        entry.event().eventType(), entry.event().accountId(), attempt.number());
            }
            repository.recordAttempt(entry.event().id(), attempt, status, next);
        } catch (RuntimeException e) {
            // The lease runs out and the attempt is made again: at least once, never lost.
            LOG.warn("the attempt of webhook {} could not be recorded: {}", entry.event().id(), e.getMessage());
        } finally {
            inFlight.decrementAndGet();
            accountInFlight(entry.event().accountId()).decrementAndGet();
            wake();
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && (cause instanceof java.util.concurrent.CompletionException
                || cause.getMessage() == null)) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
            return "timed out";
        }
        if (cause instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static String shorten(String text) {
        return text == null || text.length() <= ERROR_LENGTH ? text : text.substring(0, ERROR_LENGTH);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
        workers.shutdownNow();
        // The database closes next: an attempt still writing its outcome gets a moment to finish.
        try {
            poller.join(CLOSE_WAIT.toMillis());
            workers.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
