package io.telcred.http;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.createCredential;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.testing.ApiClient;
import io.telcred.testing.ApiClient.Response;
import io.telcred.testing.TestTelcred;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One account's key sees nothing of another account: 404 for its objects, never 403. */
class TenantIsolationTest {

    private static TestTelcred telcred;
    private static ApiClient alice;
    private static ApiClient mallory;
    private static JsonNode aliceConnection;
    private static JsonNode aliceCredential;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start();
        alice = telcred.newAccountClient("alice");
        mallory = telcred.newAccountClient("mallory");
        aliceConnection = connection(alice);
        aliceCredential = createCredential(alice, "{\"connection_id\":\"" + aliceConnection.get("id").asText()
                + "\",\"tag\":\"alice-only\",\"name\":\"Alice agent\"}");
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    /** Every route that names an object, as method and path with the object's id filled in. */
    private static List<String[]> routesOnAliceObjects() {
        String connectionPath = "/v2/credential_connections/" + aliceConnection.get("id").asText();
        String credentialPath = "/v2/telephony_credentials/" + aliceCredential.get("id").asText();
        return List.of(
                new String[] {"GET", connectionPath, null},
                new String[] {"PATCH", connectionPath, "{\"connection_name\":\"pwned\",\"active\":false}"},
                new String[] {"POST", connectionPath + "/actions/check_registration_status", null},
                new String[] {"DELETE", connectionPath, null},
                new String[] {"GET", credentialPath, null},
                new String[] {"PATCH", credentialPath, "{\"name\":\"pwned\"}"},
                new String[] {"DELETE", credentialPath, null},
                new String[] {"POST", credentialPath + "/actions/activate", null},
                new String[] {"POST", credentialPath + "/actions/deactivate", null},
                new String[] {"POST", credentialPath + "/token", null},
                new String[] {"GET", "/v2/connections/" + aliceConnection.get("id").asText() + "/active_calls", null});
    }

    @Test
    void everyRouteOnAnotherAccountsObjectAnswersNotFound() {
        for (String[] route : routesOnAliceObjects()) {
            Response response = mallory.send(route[0], route[1], route[2], route[2] == null ? null : "application/json");
            assertThat(response.status()).as(route[0] + " " + route[1]).isEqualTo(404);
            assertThat(response.error().get("code").asText()).isEqualTo("10005");
        }
        assertThat(alice.get("/v2/credential_connections/" + aliceConnection.get("id").asText()).data()).isEqualTo(aliceConnection);
        assertThat(alice.get("/v2/telephony_credentials/" + aliceCredential.get("id").asText()).data()).isEqualTo(aliceCredential);
    }

    @Test
    void theRoutesCheckedAreEveryRouteWithAnId() {
        Set<String> withId = new TreeSet<>();
        for (Route route : telcred.server().rest().routes()) {
            // A call's id is no object of the store: CallControlTest checks another account's key on a live call.
            if (route.authenticated() && route.path().contains("{id}") && !route.path().startsWith("/v2/calls/")) {
                withId.add(route.method() + " " + route.path());
            }
        }
        Set<String> checked = new TreeSet<>();
        for (String[] route : routesOnAliceObjects()) {
            checked.add(route[0] + " " + route[1].replace(aliceConnection.get("id").asText(), "{id}")
                    .replace(aliceCredential.get("id").asText(), "{id}"));
        }
        assertThat(checked).isEqualTo(withId);
    }

    @Test
    void listsShowOnlyTheCallersOwnObjects() {
        assertThat(mallory.get("/v2/credential_connections").data()).isEmpty();
        assertThat(mallory.get("/v2/telephony_credentials").data()).isEmpty();
        assertThat(mallory.get("/v2/telephony_credentials/tags").data()).isEmpty();
        assertThat(mallory.get("/v2/telephony_credentials?filter[tag]=alice-only").data()).isEmpty();
        assertThat(mallory.get("/v2/telephony_credentials?filter[resource_id]=connection:" + aliceConnection.get("id").asText())
                .data()).isEmpty();
        assertThat(mallory.get("/v2/telephony_credentials?filter[sip_username]=" + aliceCredential.get("sip_username").asText())
                .data()).isEmpty();
        assertThat(alice.get("/v2/telephony_credentials?filter[tag]=alice-only").data()).hasSize(1);
    }

    @Test
    void credentialCannotBeCreatedUnderAnotherAccountsConnection() {
        Response response = mallory.post("/v2/telephony_credentials",
                "{\"connection_id\":\"" + aliceConnection.get("id").asText() + "\"}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.error().get("code").asText()).isEqualTo("10017");
    }

    @Test
    void credentialCannotBeMovedToAnotherAccountsConnection() {
        ApiClient eve = telcred.newAccountClient("eve");
        String eveConnection = connection(eve).get("id").asText();
        JsonNode own = createCredential(eve, "{\"connection_id\":\"" + eveConnection + "\"}");
        Response response = eve.patch("/v2/telephony_credentials/" + own.get("id").asText(),
                "{\"connection_id\":\"" + aliceConnection.get("id").asText() + "\"}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.error().get("code").asText()).isEqualTo("10017");
    }

    @Test
    void missingOrUnknownKeyIsRefused() {
        Response none = telcred.client(null).get("/v2/telephony_credentials");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.error().get("code").asText()).isEqualTo("10009");
        Response unknown = telcred.client("KEY0000000000000000000000000000FFFF_unknownunknownunknown1").get("/v2/telephony_credentials");
        assertThat(unknown.status()).isEqualTo(401);
    }

    @Test
    void revokedKeyIsRefusedAtOnce() {
        String accountId = telcred.server().platform().accounts().createAccount("revoked").id();
        var issued = telcred.server().platform().accounts().createApiKey(accountId, "soon revoked");
        ApiClient client = telcred.client(issued.plaintext());
        assertThat(client.get("/v2/telephony_credentials").status()).isEqualTo(200);
        telcred.server().platform().accounts().revokeApiKey(issued.key().id());
        assertThat(client.get("/v2/telephony_credentials").status()).isEqualTo(401);
    }
}
