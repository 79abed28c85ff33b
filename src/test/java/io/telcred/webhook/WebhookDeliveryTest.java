package io.telcred.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.common.PageRequest;
import io.telcred.json.Json;
import io.telcred.testing.MutableClock;
import io.telcred.testing.TestTelcred;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outbox and its delivery against real receivers on 127.0.0.1. */
class WebhookDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Map<String, String> FAST_POLL = Map.of("TELCRED_WEBHOOK_POLL_MILLIS", "20");

    @Test
    void aWebhookArrivesOnceSignedInTelnyxsEnvelope() {
        try (WebhookReceiver receiver = WebhookReceiver.start(); TestTelcred telcred = TestTelcred.start(FAST_POLL)) {
            WebhookEvent event = enqueue(telcred, defaultAccount(telcred), target(receiver.url(), null));

            assertThat(receiver.awaitCount(1, WAIT)).isTrue();
            WebhookReceiver.Received request = receiver.received().get(0);
            assertThat(request.headers().get("content-type")).isEqualTo("application/json");
            String key = telcred.client(null).get("/.well-known/telcred/webhook-signing-key").json().get("public_key").asText();
            assertThat(Ed25519Verifier.verifies(key, request.headers().get("telnyx-timestamp"), request.body(),
                    request.headers().get("telnyx-signature-ed25519"))).isTrue();
            JsonNode body = Json.parse(request.bodyText());
            assertThat(body.at("/data/record_type").asText()).isEqualTo("event");
            assertThat(body.at("/data/event_type").asText()).isEqualTo("test.event");
            assertThat(body.at("/data/id").asText()).isEqualTo(event.id());
            assertThat(body.at("/data/occurred_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(body.at("/data/payload/text").asText()).isEqualTo("quote \" and é");
            assertThat(body.at("/meta/attempt").asInt()).isEqualTo(1);
            assertThat(body.at("/meta/delivered_to").asText()).isEqualTo(receiver.url());
            awaitStatus(telcred, event, DeliveryStatus.DELIVERED);
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void retriesFollowTheScheduleOnAHandMovedClockThenTheFailoverDelivers() {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (WebhookReceiver failing = WebhookReceiver.start().answering(500);
             WebhookReceiver failover = WebhookReceiver.start();
             TestTelcred telcred = TestTelcred.start(settings("TELCRED_WEBHOOK_ATTEMPTS_PER_URL", "3"), clock)) {
            Instant start = clock.instant();
            WebhookEvent event = enqueue(telcred, defaultAccount(telcred), target(failing.url(), failover.url()));

            // Each attempt is recorded before the clock moves: its end starts the wait for the next.
            awaitAttempts(telcred, event, 1);
            clock.advance(Duration.ofMillis(999));
            assertThat(failing.awaitCount(2, Duration.ofMillis(300))).isFalse();
            clock.advance(Duration.ofMillis(1));
            awaitAttempts(telcred, event, 2);
            clock.advance(Duration.ofMillis(1_999));
            assertThat(failing.awaitCount(3, Duration.ofMillis(300))).isFalse();
            clock.advance(Duration.ofMillis(1));
            awaitAttempts(telcred, event, 3);
            assertThat(failing.received()).hasSize(3);
            // After the third attempt, the failover at once.
            assertThat(failover.awaitCount(1, WAIT)).isTrue();

            DeliveryRecord record = awaitStatus(telcred, event, DeliveryStatus.DELIVERED);
            assertThat(record.attempts()).extracting(DeliveryAttempt::startedAt)
                    .containsExactly(start, start.plusSeconds(1), start.plusSeconds(3), start.plusSeconds(3));
            assertThat(record.attempts()).extracting(DeliveryAttempt::url)
                    .containsExactly(failing.url(), failing.url(), failing.url(), failover.url());
            assertThat(record.attempts()).extracting(DeliveryAttempt::httpStatus).containsExactly(500, 500, 500, 200);
            assertThat(Json.parse(failover.received().get(0).bodyText()).at("/meta/attempt").asInt()).isEqualTo(4);
        }
    }

    @Test
    void aWebhookIsGivenUpAfterEveryAttemptAtBothUrls() {
        try (WebhookReceiver failing = WebhookReceiver.start().answering(503);
             WebhookReceiver failoverFailing = WebhookReceiver.start().answering(404);
             TestTelcred telcred = TestTelcred.start(settings("TELCRED_WEBHOOK_ATTEMPTS_PER_URL", "2",
                     "TELCRED_WEBHOOK_RETRY_FIRST_MILLIS", "10"))) {
            WebhookEvent event = enqueue(telcred, defaultAccount(telcred), target(failing.url(), failoverFailing.url()));

            DeliveryRecord record = awaitStatus(telcred, event, DeliveryStatus.FAILED);
            assertThat(record.attempts()).extracting(DeliveryAttempt::httpStatus).containsExactly(503, 503, 404, 404);
            assertThat(failing.received()).hasSize(2);
            assertThat(failoverFailing.received()).hasSize(2);
        }
    }

    @Test
    void privateAndMetadataAddressesAreRefusedWithNothingSent() {
        try (TestTelcred telcred = TestTelcred.start(settings("TELCRED_WEBHOOK_ATTEMPTS_PER_URL", "1"))) {
            String account = defaultAccount(telcred);
            WebhookEvent privateAddress = enqueue(telcred, account, target("http://10.255.255.1:9/hooks", null));
            WebhookEvent metadata = enqueue(telcred, account, target("http://169.254.169.254/latest/meta-data/", null));

            DeliveryAttempt refused = awaitStatus(telcred, privateAddress, DeliveryStatus.FAILED).attempts().get(0);
            assertThat(refused.httpStatus()).isNull();
            assertThat(refused.error()).contains("10.255.255.1").contains("private");
            DeliveryAttempt metadataRefused = awaitStatus(telcred, metadata, DeliveryStatus.FAILED).attempts().get(0);
            assertThat(metadataRefused.error()).contains("link-local");
            // Refused before any connection: it took no timeout to fail.
            assertThat(Duration.between(refused.startedAt(), refused.finishedAt())).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void aRefusedLoopbackReceiverGetsNothing() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
             TestTelcred telcred = TestTelcred.start(settings("TELCRED_WEBHOOK_ATTEMPTS_PER_URL", "1",
                     "TELCRED_WEBHOOK_ALLOW_LOOPBACK", "false"))) {
            WebhookEvent event = enqueue(telcred, defaultAccount(telcred), target(receiver.url(), null));

            assertThat(awaitStatus(telcred, event, DeliveryStatus.FAILED).attempts().get(0).error()).contains("loopback");
            assertThat(receiver.received()).isEmpty();
        }
    }

    @Test
    void aListedNetworkIsAllowed() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
             TestTelcred telcred = TestTelcred.start(settings("TELCRED_WEBHOOK_ALLOW_LOOPBACK", "false",
                     "TELCRED_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8"))) {
            WebhookEvent event = enqueue(telcred, defaultAccount(telcred), target(receiver.url(), null));

            awaitStatus(telcred, event, DeliveryStatus.DELIVERED);
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void aRedirectIsAFailedAttemptAndIsNotFollowed() {
        try (WebhookReceiver elsewhere = WebhookReceiver.start();
             WebhookReceiver redirecting = WebhookReceiver.start().redirectingTo(elsewhere.url());
             TestTelcred telcred = TestTelcred.start(settings("TELCRED_WEBHOOK_ATTEMPTS_PER_URL", "1"))) {
            WebhookEvent event = enqueue(telcred, defaultAccount(telcred), target(redirecting.url(), null));

            DeliveryRecord record = awaitStatus(telcred, event, DeliveryStatus.FAILED);
            assertThat(record.attempts()).extracting(DeliveryAttempt::httpStatus).containsExactly(302);
            assertThat(elsewhere.received()).isEmpty();
        }
    }

    @Test
    void aWebhookNotDeliveredBeforeARestartArrivesOnceAfterIt() {
        int port;
        try (WebhookReceiver probe = WebhookReceiver.start()) {
            port = probe.port();
        }
        String url = "http://127.0.0.1:" + port + "/hooks";
        TestTelcred first = TestTelcred.start(FAST_POLL);
        WebhookEvent event;
        try {
            // The receiver is down: the first attempt fails and the webhook waits in the outbox.
            event = enqueue(first, defaultAccount(first), target(url, null));
            awaitAttempts(first, event, 1);
        } finally {
            first.server().close();
        }
        Map<String, String> same = new HashMap<>(FAST_POLL);
        same.put("TELCRED_DATA_DIR", first.dataDir().toString());
        same.put("TELCRED_DATABASE_URL", first.server().platform().databaseUrl());
        try (WebhookReceiver receiver = WebhookReceiver.startOn(port); TestTelcred second = TestTelcred.start(same)) {
            assertThat(receiver.awaitCount(1, WAIT)).isTrue();
            DeliveryRecord record = awaitStatus(second, event, DeliveryStatus.DELIVERED);
            assertThat(record.attempts()).hasSize(2);
            assertThat(Json.parse(receiver.received().get(0).bodyText()).at("/data/id").asText()).isEqualTo(event.id());
            assertThat(receiver.awaitCount(2, Duration.ofMillis(500))).isFalse();
        } finally {
            dropSchemaOf(same.get("TELCRED_DATABASE_URL"));
        }
    }

    /** On PostgreSQL the first server's schema outlives it (the second used it); it goes now. */
    private static void dropSchemaOf(String url) {
        int at = url.indexOf("currentSchema=");
        if (TestTelcred.postgresUrl() == null || at < 0) {
            return;
        }
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(TestTelcred.postgresUrl());
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + url.substring(at + "currentSchema=".length()) + " CASCADE");
        } catch (java.sql.SQLException e) {
            // a test schema left behind is harmless
        }
    }

    @Test
    void aDeadReceiverDoesNotHoldUpAnotherAccountsWebhooks() {
        try (WebhookReceiver dead = WebhookReceiver.start().hanging(); WebhookReceiver alive = WebhookReceiver.start();
             TestTelcred telcred = TestTelcred.start(settings("TELCRED_WEBHOOK_MAX_IN_FLIGHT_PER_ACCOUNT", "2",
                     "TELCRED_WEBHOOK_THREADS", "1"))) {
            String slowAccount = telcred.server().platform().accounts().createAccount("slow").id();
            for (int i = 0; i < 10; i++) {
                enqueue(telcred, slowAccount, target(dead.url(), null));
            }
            assertThat(dead.awaitCount(2, WAIT)).isTrue();

            WebhookEvent other = enqueue(telcred, defaultAccount(telcred), target(alive.url(), null));

            assertThat(alive.awaitCount(1, WAIT)).isTrue();
            awaitStatus(telcred, other, DeliveryStatus.DELIVERED);
            // The dead receiver still holds its first two; the account's others wait their turn.
            assertThat(dead.received()).hasSize(2);
            dead.release();
        }
    }

    static Map<String, String> settings(String... pairs) {
        Map<String, String> settings = new HashMap<>(FAST_POLL);
        for (int i = 0; i < pairs.length; i += 2) {
            settings.put(pairs[i], pairs[i + 1]);
        }
        return settings;
    }

    static String defaultAccount(TestTelcred telcred) {
        return telcred.server().platform().accounts().defaultAccount().id();
    }

    static WebhookTarget target(String url, String failover) {
        return new WebhookTarget(url, failover, Duration.ofSeconds(5));
    }

    static WebhookEvent enqueue(TestTelcred telcred, String accountId, WebhookTarget target) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", "quote \" and é");
        payload.put("n", 1);
        return telcred.server().platform().webhookOutbox().enqueue(accountId, null, "test.event", payload, target);
    }

    static DeliveryRecord awaitStatus(TestTelcred telcred, WebhookEvent event, DeliveryStatus status) {
        long end = System.nanoTime() + WAIT.toNanos();
        DeliveryRecord record = find(telcred, event);
        while (record.entry().status() != status && System.nanoTime() < end) {
            sleep();
            record = find(telcred, event);
        }
        assertThat(record.entry().status()).as("status of %s", event.id()).isEqualTo(status);
        return record;
    }

    static void awaitAttempts(TestTelcred telcred, WebhookEvent event, int attempts) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (find(telcred, event).attempts().size() < attempts && System.nanoTime() < end) {
            sleep();
        }
        assertThat(find(telcred, event).attempts()).hasSizeGreaterThanOrEqualTo(attempts);
    }

    static DeliveryRecord find(TestTelcred telcred, WebhookEvent event) {
        List<DeliveryRecord> records = telcred.server().platform().webhookOutbox()
                .deliveries(event.accountId(), DeliveryQuery.ALL, new PageRequest(1, 250)).items();
        return records.stream().filter(r -> r.entry().event().id().equals(event.id())).findFirst().orElseThrow();
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
