package io.telcred.webhook;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static io.telcred.testing.Fixtures.uniqueUserName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.json.Json;
import io.telcred.location.Transport;
import io.telcred.sip.SipTestClient;
import io.telcred.testing.ApiClient;
import io.telcred.testing.RtcTestClient;
import io.telcred.testing.TestTelcred;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** credential.registered and credential.unregistered, from SIP registrations and WebRTC logins. */
class WebhookRegistrationEventsTest {

    private static final String REALM = "sip.telcred.local";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestTelcred telcred;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start(Map.of("TELCRED_WEBHOOK_POLL_MILLIS", "20"));
        api = telcred.client();
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void aSipRegisterAndUnregisterOfACredentialAreWebhooks() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
             SipTestClient phone = new SipTestClient(telcred.server().sip().port(Transport.UDP), REALM)) {
            String connectionId = connectionWithWebhooks(receiver.url());
            JsonNode credential = credentialUnder(api, connectionId);
            String user = credential.get("sip_username").asText();

            assertThat(phone.registerWithPassword(user, credential.get("sip_password").asText(), phone.contact(user), "600")
                    .status()).isEqualTo(200);
            JsonNode registered = await(receiver, 1);
            assertThat(registered.at("/data/event_type").asText()).isEqualTo("credential.registered");
            JsonNode payload = registered.at("/data/payload");
            assertThat(payload.get("connection_id").asText()).isEqualTo(connectionId);
            assertThat(payload.get("credential_id").asText()).isEqualTo(credential.get("id").asText());
            assertThat(payload.get("sip_username").asText()).isEqualTo(user);
            assertThat(payload.get("transport").asText()).isEqualTo("UDP");
            assertThat(payload.get("ip_address").asText()).isEqualTo("127.0.0.1");
            assertThat(payload.get("port").asInt()).isEqualTo(phone.port());
            assertThat(payload.get("user_agent").asText()).isEqualTo("telcred-test");
            assertThat(payload.get("expires_at").asText()).endsWith("Z");

            // A refresh is no news.
            assertThat(phone.registerWithPassword(user, credential.get("sip_password").asText(), phone.contact(user), "600")
                    .status()).isEqualTo(200);
            assertThat(phone.registerWithPassword(user, credential.get("sip_password").asText(), phone.contact(user), "0")
                    .status()).isEqualTo(200);
            JsonNode unregistered = await(receiver, 2);
            assertThat(unregistered.at("/data/event_type").asText()).isEqualTo("credential.unregistered");
            assertThat(unregistered.at("/data/payload/reason").asText()).isEqualTo("unregistered");
            assertThat(unregistered.at("/data/payload/sip_username").asText()).isEqualTo(user);
            assertThat(receiver.received()).hasSize(2);
        }
    }

    @Test
    void aConnectionsOwnLoginRegistersWithoutACredentialId() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
             SipTestClient phone = new SipTestClient(telcred.server().sip().port(Transport.UDP), REALM)) {
            String user = uniqueUserName();
            String connectionId = connectionWithWebhooks(receiver.url(), user);

            assertThat(phone.registerWithPassword(user, "correct-horse-1", phone.contact(user), "600").status()).isEqualTo(200);

            JsonNode payload = await(receiver, 1).at("/data/payload");
            assertThat(payload.get("connection_id").asText()).isEqualTo(connectionId);
            assertThat(payload.get("credential_id").isNull()).isTrue();
            assertThat(payload.get("sip_username").asText()).isEqualTo(user);
        }
    }

    @Test
    void aWebRtcLoginAndItsEndAreWebhooks() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String connectionId = connectionWithWebhooks(receiver.url());
            JsonNode credential = credentialUnder(api, connectionId);
            try (RtcTestClient client = RtcTestClient.connect(telcred)) {
                client.loginWithPassword(credential.get("sip_username").asText(), credential.get("sip_password").asText());
                JsonNode registered = await(receiver, 1);
                assertThat(registered.at("/data/event_type").asText()).isEqualTo("credential.registered");
                assertThat(registered.at("/data/payload/transport").asText()).isEqualTo("WS");
                assertThat(registered.at("/data/payload/credential_id").asText()).isEqualTo(credential.get("id").asText());
            }
            JsonNode unregistered = await(receiver, 2);
            assertThat(unregistered.at("/data/event_type").asText()).isEqualTo("credential.unregistered");
            assertThat(unregistered.at("/data/payload/transport").asText()).isEqualTo("WS");
        }
    }

    @Test
    void aConnectionWithoutAWebhookUrlGetsNone() {
        try (SipTestClient phone = new SipTestClient(telcred.server().sip().port(Transport.UDP), REALM)) {
            JsonNode plain = connection(api);
            JsonNode credential = credentialUnder(api, plain.get("id").asText());
            String user = credential.get("sip_username").asText();
            assertThat(phone.registerWithPassword(user, credential.get("sip_password").asText(), phone.contact(user), "600")
                    .status()).isEqualTo(200);
            // Written, if at all, by the one writer thread: a later event with a URL arriving proves this one passed.
            try (WebhookReceiver receiver = WebhookReceiver.start()) {
                String connectionId = connectionWithWebhooks(receiver.url());
                JsonNode other = credentialUnder(api, connectionId);
                String otherUser = other.get("sip_username").asText();
                phone.registerWithPassword(otherUser, other.get("sip_password").asText(), phone.contact(otherUser), "600");
                await(receiver, 1);
            }
            List<String> users = telcred.server().platform().webhookOutbox().deliveries(
                    telcred.server().platform().accounts().defaultAccount().id(), DeliveryQuery.ALL,
                    new io.telcred.common.PageRequest(1, 250)).items().stream()
                    .map(r -> Json.parse(r.entry().event().payloadJson()).get("sip_username").asText()).toList();
            assertThat(users).doesNotContain(user);
        }
    }

    @Test
    void aNewWebhookUrlTakesEffectForTheNextEventAndARemovedOneStopsThem() {
        try (WebhookReceiver first = WebhookReceiver.start(); WebhookReceiver second = WebhookReceiver.start()) {
            String connectionId = connectionWithWebhooks(first.url());
            JsonNode credential = credentialUnder(api, connectionId);
            String user = credential.get("sip_username").asText();
            String password = credential.get("sip_password").asText();
            try (RtcTestClient client = RtcTestClient.connect(telcred)) {
                client.loginWithPassword(user, password);
                assertThat(await(first, 1).at("/data/event_type").asText()).isEqualTo("credential.registered");
            }
            await(first, 2);

            assertThat(api.patch("/v2/credential_connections/" + connectionId,
                    "{\"webhook_event_url\":\"" + second.url() + "\"}").status()).isEqualTo(200);
            try (RtcTestClient client = RtcTestClient.connect(telcred)) {
                client.loginWithPassword(user, password);
                assertThat(await(second, 1).at("/data/event_type").asText()).isEqualTo("credential.registered");
            }
            await(second, 2);
            assertThat(first.received()).hasSize(2);

            assertThat(api.patch("/v2/credential_connections/" + connectionId, "{\"webhook_event_url\":null}").status())
                    .isEqualTo(200);
            try (RtcTestClient client = RtcTestClient.connect(telcred)) {
                client.loginWithPassword(user, password);
            }
            // The one writer thread handles events in order: a later event of another connection arriving
            // proves these two were passed over.
            try (WebhookReceiver third = WebhookReceiver.start()) {
                JsonNode other = credentialUnder(api, connectionWithWebhooks(third.url()));
                try (RtcTestClient client = RtcTestClient.connect(telcred)) {
                    client.loginWithPassword(other.get("sip_username").asText(), other.get("sip_password").asText());
                    await(third, 1);
                }
            }
            assertThat(first.received()).hasSize(2);
            assertThat(second.received()).hasSize(2);
        }
    }

    private static String connectionWithWebhooks(String url) {
        return connectionWithWebhooks(url, uniqueUserName());
    }

    private static String connectionWithWebhooks(String url, String userName) {
        ApiClient.Response response = api.post("/v2/credential_connections", "{\"user_name\":\"" + userName
                + "\",\"password\":\"correct-horse-1\",\"connection_name\":\"Hooks\",\"webhook_event_url\":\"" + url + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.data().get("id").asText();
    }

    private static JsonNode await(WebhookReceiver receiver, int count) {
        assertThat(receiver.awaitCount(count, WAIT)).as("webhook %d arrived", count).isTrue();
        return Json.parse(receiver.received().get(count - 1).bodyText());
    }
}
