package io.telcred.webhook;

import static io.telcred.testing.Fixtures.credentialUnder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.json.Json;
import io.telcred.location.Transport;
import io.telcred.sip.SipTestClient;
import io.telcred.testing.ApiClient;
import io.telcred.testing.RtcTestClient;
import io.telcred.testing.TestTelcred;
import io.telcred.testing.Waiting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Call control's events reach the application's webhook URL, in order and signed with the published key. */
class CallWebhooksTest {

    private static final String OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 AA:BB\r\n"
            + "a=ice-ufrag:abcd\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";

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
    void aParkedCallIsAnnouncedAndItsHangupToldWithSignedWebhooks() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String application = application(receiver);
            JsonNode customer = credentialUnder(api, application);
            String key = api.get("/.well-known/telcred/webhook-signing-key").json().get("public_key").asText();

            try (RtcTestClient caller = RtcTestClient.loggedIn(telcred, customer)) {
                caller.call("telnyx_rtc.invite", caller.inviteParams(UUID.randomUUID().toString(), "support", OFFER));
                JsonNode initiated = awaitEvent(receiver, "call.initiated");
                assertThat(initiated.at("/data/payload/direction").asText()).isEqualTo("incoming");
                assertThat(initiated.at("/data/payload/state").asText()).isEqualTo("parked");
                assertThat(initiated.at("/data/payload/connection_id").asText()).isEqualTo(application);
                String parked = initiated.at("/data/payload/call_control_id").asText();

                assertThat(api.post("/v2/calls/" + parked + "/actions/hangup", "{}").status()).isEqualTo(200);
                caller.awaitRequest("telnyx_rtc.bye");
                JsonNode hangup = awaitEvent(receiver, "call.hangup");
                assertThat(hangup.at("/data/payload/call_control_id").asText()).isEqualTo(parked);
                assertThat(hangup.at("/data/payload/hangup_cause").asText()).isEqualTo("normal_clearing");
            }
            for (WebhookReceiver.Received received : receiver.received()) {
                assertThat(Ed25519Verifier.verifies(key, received.headers().get("telnyx-timestamp"), received.body(),
                        received.headers().get("telnyx-signature-ed25519"))).as(received.bodyText()).isTrue();
            }
            List<String> types = receiver.received().stream()
                    .map(received -> Json.parse(received.bodyText()).at("/data/event_type").asText()).toList();
            assertThat(types).containsSubsequence("call.initiated", "call.hangup");
        }
    }

    @Test
    void aPhoneDialledWithoutLinkToIsToldFromDialToHangupInSignedWebhooks() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String application = application(receiver);
            JsonNode agent = credentialUnder(api, application);
            String user = agent.get("sip_username").asText();
            String key = api.get("/.well-known/telcred/webhook-signing-key").json().get("public_key").asText();
            try (SipTestClient phone = SipTestClient.registered(telcred.server().sip().port(Transport.UDP),
                    "sip.telcred.local", user, agent.get("sip_password").asText())) {
                ApiClient.Response dialled = api.post("/v2/calls", "{\"connection_id\":\"" + application + "\",\"to\":\""
                        + user + "\"}");
                assertThat(dialled.status()).as(dialled.body()).isEqualTo(200);
                String leg = dialled.data().get("call_control_id").asText();
                SipTestClient.Message invite = phone.request();
                phone.respond(invite, 200, "OK", "agenttag", "Contact: " + phone.contact(user) + "\r\n",
                        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n");
                assertThat(phone.request().method()).isEqualTo("ACK");
                assertThat(awaitEvent(receiver, "call.initiated").at("/data/payload/direction").asText()).isEqualTo("outgoing");
                assertThat(awaitEvent(receiver, "call.answered").at("/data/payload/call_control_id").asText()).isEqualTo(leg);

                assertThat(api.post("/v2/calls/" + leg + "/actions/hangup", "{}").status()).isEqualTo(200);
                assertThat(phone.request().method()).isEqualTo("BYE");
                assertThat(awaitEvent(receiver, "call.hangup").at("/data/payload/hangup_cause").asText())
                        .isEqualTo("normal_clearing");
            }
            for (WebhookReceiver.Received received : receiver.received()) {
                assertThat(Ed25519Verifier.verifies(key, received.headers().get("telnyx-timestamp"), received.body(),
                        received.headers().get("telnyx-signature-ed25519"))).as(received.bodyText()).isTrue();
            }
        }
    }

    private static String application(WebhookReceiver receiver) {
        ApiClient.Response created = api.post("/v2/credential_connections", "{\"user_name\":\"cc"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "\",\"password\":\"correct-horse-1\","
                + "\"connection_name\":\"Support line\",\"webhook_event_url\":\"" + receiver.url() + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.data().get("id").asText();
    }

    private static JsonNode awaitEvent(WebhookReceiver receiver, String type) {
        return Waiting.until(() -> receiver.received().stream().map(received -> Json.parse(received.bodyText()))
                .filter(event -> event.at("/data/event_type").asText().equals(type)).findFirst(),
                Duration.ofSeconds(10), () -> "no " + type + " webhook");
    }
}
