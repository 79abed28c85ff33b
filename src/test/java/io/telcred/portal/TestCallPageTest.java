package io.telcred.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.json.Json;
import io.telcred.testing.PortalClient;
import io.telcred.testing.PortalClient.Page;
import io.telcred.testing.TestTelcred;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test-call page: rendered for a signed-in user with every control its script and the browser
 * tests use, refused without a session, and its scripts served. The call itself runs in a browser
 * (see the lead's browser tests).
 */
class TestCallPageTest {

    private static TestTelcred telcred;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start();
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void aSignedInUserGetsThePageWithEveryControl() {
        Page page = telcred.portal().get("/test-call");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("id=\"auth-credential\"", "id=\"auth-token\"", "name=\"auth\"", "id=\"username\"", "id=\"password\"",
                        "id=\"login-token\"", "id=\"connect\"", "id=\"disconnect\"", "id=\"connection-state\"",
                        "id=\"destination\"", "id=\"call\"", "id=\"call-state\"", "id=\"hangup-cause\"", "id=\"answer\"",
                        "id=\"reject\"", "id=\"hangup\"", "id=\"mute\"", "id=\"hold\"", "<meter id=\"mic-level\"",
                        "<audio id=\"remote-audio\" autoplay>", "<script type=\"module\" src=\"/static/test-call.js\">")
                .contains(">disconnected</strong>", ">idle</strong>")
                .contains("aria-current=\"page\">Test call</a>");
        for (String digit : new String[] {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"}) {
            assertThat(page.body()).contains("class=\"dtmf\" data-digit=\"" + digit + "\"");
        }
        assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").contains("connect-src 'self'"));
    }

    @Test
    void withoutASessionThePageSendsToSignIn() {
        Page page = new PortalClient(telcred.baseUrl()).get("/test-call");

        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).isEqualTo("/login?next=%2Ftest-call");
        assertThat(page.body()).doesNotContain("connection-state");
    }

    @Test
    void withoutTurnTheCallsGetNoIceServers() {
        PortalClient browser = telcred.portal();
        browser.get("/test-call");
        Page answer = browser.postJson("/test-call/ice-servers", "{}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(Json.parse(answer.body()).get("ice_servers").size()).isZero();
    }

    @Test
    void withTurnEachLoginGetsAShortLivedTurnCredential() {
        try (TestTelcred withTurn = TestTelcred.start(Map.of("TELCRED_TURN_SECRET", "a-shared-secret-of-the-turn-server",
                "TELCRED_TURN_URIS", "turn:turn.example.net:3478?transport=udp"))) {
            PortalClient browser = withTurn.portal();
            browser.get("/test-call");
            Page answer = browser.postJson("/test-call/ice-servers", "{}");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Cache-Control")).contains("no-store");
            JsonNode server = Json.parse(answer.body()).get("ice_servers").get(0);
            assertThat(server.get("urls").get(0).asText()).isEqualTo("turn:turn.example.net:3478?transport=udp");
            String username = server.get("username").asText();
            assertThat(username).matches("\\d+:portal-.+");
            assertThat(Long.parseLong(username.substring(0, username.indexOf(':'))))
                    .isGreaterThan(Instant.now().getEpochSecond());
            assertThat(server.get("credential").asText()).isNotBlank();
        }
    }

    @Test
    void theIceServersNeedASessionAndTheCsrfToken() {
        Page anonymous = new PortalClient(telcred.baseUrl()).postJson("/test-call/ice-servers", "{}");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("ice_servers");

        Page forged = telcred.portal().postForm("/test-call/ice-servers", Map.of());
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).doesNotContain("ice_servers");
    }

    @Test
    void itsScriptsAreServedAsJavaScript() {
        PortalClient anyone = new PortalClient(telcred.baseUrl());
        Page client = anyone.get("/static/rtc-client.js");
        Page ui = anyone.get("/static/test-call.js");

        assertThat(client.status()).isEqualTo(200);
        assertThat(client.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(client.body()).contains("export class RtcClient", "telnyx_rtc.invite", "login_token");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(ui.body()).contains("from './rtc-client.js'");
    }
}
