package io.telcred.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.json.Json;
import io.telcred.testing.ApiClient;
import io.telcred.testing.MutableClock;
import io.telcred.testing.TestTelcred;
import io.telcred.testing.TurnPasswords;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v2/turn_credentials}: TURN credentials coturn accepts, for the caller's account only. */
class TurnCredentialApiTest {

    private static final String PATH = "/v2/turn_credentials";
    private static final String SECRET = "north-wind-turn-secret-42";
    private static final List<String> URIS = List.of("turn:turn.example.com:3478?transport=udp",
            "turns:turn.example.com:5349?transport=tcp", "stun:turn.example.com:3478");
    /** 2026-03-01T12:00:00Z, the test clock's start. */
    private static final long NOW = 1_772_366_400L;

    private static TestTelcred telcred;
    private static ApiClient api;
    private static String accountId;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start(Map.of("TELCRED_TURN_SECRET", SECRET, "TELCRED_TURN_URIS", String.join(",", URIS)),
                new MutableClock());
        api = telcred.client();
        accountId = telcred.server().platform().accounts().authenticate(TestTelcred.BOOTSTRAP_KEY).orElseThrow();
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void issuesACredentialForTheCallersAccountThatLivesTheConfiguredDay() {
        ApiClient.Response response = api.post(PATH, null);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode data = response.data();
        assertThat(data.get("record_type").asText()).isEqualTo("turn_credential");
        assertThat(data.get("username").asText()).isEqualTo((NOW + 86_400) + ":" + accountId);
        assertThat(data.get("password").asText()).isEqualTo(TurnPasswords.of(SECRET, data.get("username").asText()));
        assertThat(data.get("ttl").asLong()).isEqualTo(86_400);
        assertThat(data.get("expires_at").asText()).isEqualTo("2026-03-02T12:00:00.000Z");
        assertThat(data.get("uris")).isEqualTo(Json.MAPPER.valueToTree(URIS));
    }

    @Test
    void iceServersAreWhatABrowserPassesToRTCPeerConnection() {
        JsonNode data = api.post(PATH, "{}").data();
        JsonNode iceServers = data.get("ice_servers");
        assertThat(iceServers).hasSize(1);
        JsonNode server = iceServers.get(0);
        assertThat(server.get("urls")).isEqualTo(data.get("uris"));
        assertThat(server.get("username").asText()).isEqualTo(data.get("username").asText());
        assertThat(server.get("credential").asText()).isEqualTo(data.get("password").asText());
        assertThat(server.size()).isEqualTo(3);
    }

    @Test
    void aShorterTtlCanBeAskedFor() {
        JsonNode data = api.post(PATH, "{\"ttl\":600}").data();
        assertThat(data.get("ttl").asLong()).isEqualTo(600);
        assertThat(data.get("username").asText()).isEqualTo((NOW + 600) + ":" + accountId);
        assertThat(data.get("password").asText()).isEqualTo(TurnPasswords.of(SECRET, data.get("username").asText()));
        assertThat(data.get("expires_at").asText()).isEqualTo("2026-03-01T12:10:00.000Z");
    }

    @Test
    void anotherAccountGetsCredentialsInItsOwnName() {
        ApiClient other = telcred.newAccountClient("turn-other");
        String username = other.post(PATH, null).data().get("username").asText();
        assertThat(username).startsWith((NOW + 86_400) + ":").doesNotEndWith(accountId);
    }

    @Test
    void aTtlOutsideAMinuteAndTheConfiguredLifetimeIsRefusedWithAPointer() {
        for (String ttl : List.of("59", "86401", "-5", "100000000000000000000000")) {
            assertRefusedAtTtl(api.post(PATH, "{\"ttl\":" + ttl + "}"), "'ttl' must be between 60 and 86400 seconds.");
        }
    }

    @Test
    void aTtlThatIsNotAWholeNumberIsRefusedWithAPointer() {
        for (String ttl : List.of("\"600\"", "600.5", "true", "[600]")) {
            assertRefusedAtTtl(api.post(PATH, "{\"ttl\":" + ttl + "}"), "'ttl' must be a whole number.");
        }
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsABadRequest() {
        assertThat(api.post(PATH, "{\"ttl\":").status()).isEqualTo(400);
        assertThat(api.post(PATH, "[]").status()).isEqualTo(400);
        assertThat(api.send("POST", PATH, "ttl=600", "application/x-www-form-urlencoded").status()).isEqualTo(415);
    }

    @Test
    void withoutAValidApiKeyItIsUnauthorized() {
        for (ApiClient client : List.of(telcred.client(null),
                telcred.client("KEY00000000000000000000000000000000_wrongwrongwrongwrongw"))) {
            ApiClient.Response response = client.post(PATH, null);
            assertThat(response.status()).as(response.body()).isEqualTo(401);
            assertThat(response.error().get("code").asText()).isEqualTo("10009");
            assertThat(response.body()).doesNotContain("password");
        }
    }

    @Test
    void whenTurnIsNotConfiguredTheAnswerNamesTheSetting() {
        try (TestTelcred withoutTurn = TestTelcred.start()) {
            ApiClient.Response response = withoutTurn.client().post(PATH, "{\"ttl\":600}");
            assertThat(response.status()).as(response.body()).isEqualTo(404);
            assertThat(response.error().get("code").asText()).isEqualTo("10005");
            assertThat(response.error().get("detail").asText()).contains("TELCRED_TURN_SECRET");
            assertThat(withoutTurn.client(null).post(PATH, null).status()).isEqualTo(401);
        }
    }

    private static void assertRefusedAtTtl(ApiClient.Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.error().at("/source/pointer").asText()).isEqualTo("/ttl");
        assertThat(response.error().get("detail").asText()).isEqualTo(detail);
    }
}
