package io.telcred.webhook;

import static io.telcred.webhook.WebhookDeliveryTest.awaitStatus;
import static io.telcred.webhook.WebhookDeliveryTest.defaultAccount;
import static io.telcred.webhook.WebhookDeliveryTest.enqueue;
import static io.telcred.webhook.WebhookDeliveryTest.settings;
import static io.telcred.webhook.WebhookDeliveryTest.target;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.testing.ApiClient;
import io.telcred.testing.TestTelcred;
import org.junit.jupiter.api.Test;

/** {@code GET /v2/webhook_deliveries}: Telnyx's shape, filters, pages, and one account's log only. */
class WebhookDeliveryLogTest {

    @Test
    void theLogShowsEachWebhookWithItsAttemptsInTelnyxsShape() {
        try (WebhookReceiver failing = WebhookReceiver.start().answering(500); WebhookReceiver ok = WebhookReceiver.start();
             TestTelcred telcred = TestTelcred.start(settings("TELCRED_WEBHOOK_ATTEMPTS_PER_URL", "1"))) {
            WebhookEvent event = enqueue(telcred, defaultAccount(telcred), target(failing.url(), ok.url()));
            awaitStatus(telcred, event, DeliveryStatus.DELIVERED);

            ApiClient.Response response = telcred.client().get("/v2/webhook_deliveries");

            assertThat(response.status()).isEqualTo(200);
            JsonNode delivery = response.data().get(0);
            assertThat(delivery.get("record_type").asText()).isEqualTo("webhook_delivery");
            assertThat(delivery.get("id").asText()).isEqualTo(event.id());
            assertThat(delivery.get("status").asText()).isEqualTo("delivered");
            assertThat(delivery.at("/webhook/record_type").asText()).isEqualTo("event");
            assertThat(delivery.at("/webhook/id").asText()).isEqualTo(event.id());
            assertThat(delivery.at("/webhook/event_type").asText()).isEqualTo("test.event");
            assertThat(delivery.at("/webhook/payload/n").asInt()).isEqualTo(1);
            assertThat(delivery.get("started_at").asText()).endsWith("Z");
            assertThat(delivery.get("finished_at").asText()).endsWith("Z");
            JsonNode attempts = delivery.get("attempts");
            assertThat(attempts).hasSize(2);
            // Newest first, as Telnyx lists them.
            assertThat(attempts.get(0).get("status").asText()).isEqualTo("delivered");
            assertThat(attempts.get(0).at("/http/request/url").asText()).isEqualTo(ok.url());
            assertThat(attempts.get(0).at("/http/response/status").asInt()).isEqualTo(200);
            assertThat(attempts.get(1).get("status").asText()).isEqualTo("failed");
            assertThat(attempts.get(1).at("/http/request/url").asText()).isEqualTo(failing.url());
            assertThat(attempts.get(1).at("/http/response/status").asInt()).isEqualTo(500);
            assertThat(response.json().at("/meta/total_results").asInt()).isEqualTo(1);
        }
    }

    @Test
    void filtersByStatusAndEventTypeAndPages() {
        try (WebhookReceiver ok = WebhookReceiver.start();
             TestTelcred telcred = TestTelcred.start(settings("TELCRED_WEBHOOK_ATTEMPTS_PER_URL", "1"))) {
            String account = defaultAccount(telcred);
            WebhookEvent delivered = enqueue(telcred, account, target(ok.url(), null));
            WebhookEvent failed = enqueue(telcred, account, target("http://10.0.0.1/hooks", null));
            awaitStatus(telcred, delivered, DeliveryStatus.DELIVERED);
            awaitStatus(telcred, failed, DeliveryStatus.FAILED);
            ApiClient api = telcred.client();

            assertThat(ids(api.get("/v2/webhook_deliveries?filter[status]=failed"))).containsExactly(failed.id());
            assertThat(ids(api.get("/v2/webhook_deliveries?filter%5Bstatus%5D%5Beq%5D=delivered"))).containsExactly(delivered.id());
            assertThat(ids(api.get("/v2/webhook_deliveries?filter[status]=pending"))).isEmpty();
            assertThat(ids(api.get("/v2/webhook_deliveries?filter[event_type]=test.event"))).hasSize(2);
            assertThat(ids(api.get("/v2/webhook_deliveries?filter[event_type]=call.initiated"))).isEmpty();
            ApiClient.Response page = api.get("/v2/webhook_deliveries?page[size]=1&page[number]=2");
            assertThat(ids(page)).hasSize(1);
            assertThat(page.json().at("/meta/total_pages").asInt()).isEqualTo(2);
            assertThat(api.get("/v2/webhook_deliveries?filter[status]=lost").status()).isEqualTo(400);
            JsonNode refused = api.get("/v2/webhook_deliveries?filter[status]=failed").data().get(0).at("/attempts/0");
            assertThat(refused.at("/http/response").isNull()).isTrue();
            assertThat(refused.get("error").asText()).contains("private");
        }
    }

    @Test
    void anAccountSeesOnlyItsOwnDeliveries() {
        try (WebhookReceiver ok = WebhookReceiver.start(); TestTelcred telcred = TestTelcred.start(settings())) {
            WebhookEvent mine = enqueue(telcred, defaultAccount(telcred), target(ok.url(), null));
            ApiClient other = telcred.newAccountClient("other");
            String otherAccount = telcred.server().platform().accounts().accounts().stream()
                    .filter(a -> !a.id().equals(mine.accountId())).findFirst().orElseThrow().id();
            WebhookEvent theirs = enqueue(telcred, otherAccount, target(ok.url(), null));
            awaitStatus(telcred, mine, DeliveryStatus.DELIVERED);
            awaitStatus(telcred, theirs, DeliveryStatus.DELIVERED);

            assertThat(ids(telcred.client().get("/v2/webhook_deliveries"))).containsExactly(mine.id());
            assertThat(ids(other.get("/v2/webhook_deliveries"))).containsExactly(theirs.id());
            assertThat(telcred.client(null).get("/v2/webhook_deliveries").status()).isEqualTo(401);
        }
    }

    private static java.util.List<String> ids(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        java.util.List<String> ids = new java.util.ArrayList<>();
        response.data().forEach(d -> ids.add(d.get("id").asText()));
        return ids;
    }
}
