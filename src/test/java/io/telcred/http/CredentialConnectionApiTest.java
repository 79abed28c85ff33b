package io.telcred.http;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static io.telcred.testing.Fixtures.uniqueUserName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.testing.ApiClient;
import io.telcred.testing.ApiClient.Response;
import io.telcred.testing.TestTelcred;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CredentialConnectionApiTest {

    private static TestTelcred telcred;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start();
        api = telcred.newAccountClient("connection tests");
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void createdConnectionShowsItsLoginAndDefaults() {
        String userName = uniqueUserName();
        Response created = api.post("/v2/credential_connections",
                "{\"user_name\":\"" + userName + "\",\"password\":\"s3cret-pass\",\"connection_name\":\"Front desk\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode c = created.data();
        assertThat(c.get("id").isTextual()).isTrue();
        assertThat(c.get("id").asText()).matches("[0-9]+");
        assertThat(c.get("record_type").asText()).isEqualTo("credential_connection");
        assertThat(c.get("user_name").asText()).isEqualTo(userName);
        assertThat(c.get("password").asText()).isEqualTo("s3cret-pass");
        assertThat(c.get("connection_name").asText()).isEqualTo("Front desk");
        assertThat(c.get("active").booleanValue()).isTrue();
        assertThat(c.get("anchorsite_override").asText()).isEqualTo("Latency");
        assertThat(c.get("dtmf_type").asText()).isEqualTo("RFC 2833");
        assertThat(c.at("/inbound/sip_compact_headers_enabled").booleanValue()).isTrue();
        assertThat(c.at("/inbound/timeout_1xx_secs").intValue()).isEqualTo(3);
        assertThat(c.at("/inbound/timeout_2xx_secs").intValue()).isEqualTo(90);
        assertThat(c.at("/outbound/localization").asText()).isEqualTo("US");
        assertThat(api.get("/v2/credential_connections/" + c.get("id").asText()).data()).isEqualTo(c);
    }

    @Test
    void sdkStyleDefaultsAreAccepted() {
        Response created = api.post("/v2/credential_connections", "{\"user_name\":\"" + uniqueUserName()
                + "\",\"password\":\"s3cret-pass\",\"connection_name\":\"sdk\",\"webhook_event_failover_url\":\"\","
                + "\"webhook_api_version\":\"1\",\"dtmf_type\":\"RFC 2833\",\"active\":true}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @Test
    void eachRequiredFieldIsNamedWhenMissing() {
        for (String field : List.of("user_name", "password", "connection_name")) {
            String body = ("{\"user_name\":\"" + uniqueUserName() + "\",\"password\":\"s3cret-pass\",\"connection_name\":\"x\"}")
                    .replace("\"" + field + "\":", "\"ignored_" + field + "\":");
            Response response = api.post("/v2/credential_connections", body);
            assertThat(response.status()).isEqualTo(422);
            assertThat(response.error().get("code").asText()).isEqualTo("10004");
            assertThat(response.error().at("/source/pointer").asText()).isEqualTo("/" + field);
        }
    }

    @Test
    void userNameRulesAreEnforced() {
        for (String bad : List.of("abc", "a".repeat(33), "12345abc", "alice_1", "alice bob", "gencredAbc123", "GENCREDxyz1", "ålice123")) {
            Response response = api.post("/v2/credential_connections",
                    "{\"user_name\":\"" + bad + "\",\"password\":\"s3cret-pass\",\"connection_name\":\"x\"}");
            assertThat(response.status()).as(bad).isEqualTo(422);
            assertThat(response.error().at("/source/pointer").asText()).as(bad).isEqualTo("/user_name");
        }
        assertThat(api.post("/v2/credential_connections", "{\"user_name\":\"1234a" + System.nanoTime() % 100000
                + "\",\"password\":\"s3cret-pass\",\"connection_name\":\"x\"}").status()).isEqualTo(201);
    }

    @Test
    void passwordLengthIsEnforced() {
        for (String bad : List.of("short", "p".repeat(129))) {
            Response response = api.post("/v2/credential_connections",
                    "{\"user_name\":\"" + uniqueUserName() + "\",\"password\":\"" + bad + "\",\"connection_name\":\"x\"}");
            assertThat(response.status()).isEqualTo(422);
            assertThat(response.error().at("/source/pointer").asText()).isEqualTo("/password");
        }
    }

    @Test
    void userNameIsUniqueAcrossTheInstallationIgnoringCase() {
        String userName = uniqueUserName();
        connection(api, userName, "first");
        ApiClient otherTenant = telcred.newAccountClient("other");
        for (String attempt : List.of(userName, userName.toUpperCase())) {
            Response response = otherTenant.post("/v2/credential_connections",
                    "{\"user_name\":\"" + attempt + "\",\"password\":\"s3cret-pass\",\"connection_name\":\"second\"}");
            assertThat(response.status()).isEqualTo(422);
            assertThat(response.error().get("code").asText()).isEqualTo("10012");
            assertThat(response.error().at("/source/pointer").asText()).isEqualTo("/user_name");
        }
    }

    @Test
    void renamingOntoATakenUserNameIsADuplicate() {
        String taken = uniqueUserName();
        connection(api, taken, "a");
        JsonNode other = connection(api);
        Response response = api.patch("/v2/credential_connections/" + other.get("id").asText(), "{\"user_name\":\"" + taken + "\"}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.error().get("code").asText()).isEqualTo("10012");
    }

    @Test
    void patchChangesOnlyWhatItNames() {
        JsonNode c = connection(api);
        String path = "/v2/credential_connections/" + c.get("id").asText();
        Response updated = api.patch(path, "{\"connection_name\":\"Renamed\",\"password\":\"new-password-1\","
                + "\"active\":false,\"inbound\":{\"dnis_number_format\":\"national\"},\"tags\":[\"x\",\"y\"]}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        JsonNode u = updated.data();
        assertThat(u.get("connection_name").asText()).isEqualTo("Renamed");
        assertThat(u.get("password").asText()).isEqualTo("new-password-1");
        assertThat(u.get("active").booleanValue()).isFalse();
        assertThat(u.at("/inbound/dnis_number_format").asText()).isEqualTo("national");
        assertThat(u.at("/inbound/ani_number_format")).isEqualTo(c.at("/inbound/ani_number_format"));
        assertThat(u.get("tags").toString()).isEqualTo("[\"x\",\"y\"]");
        assertThat(u.get("user_name")).isEqualTo(c.get("user_name"));
        assertThat(api.get(path).data()).isEqualTo(u);
    }

    @Test
    void invalidEnumIsRefusedWithNestedPointerAndChangesNothing() {
        JsonNode c = connection(api);
        String path = "/v2/credential_connections/" + c.get("id").asText();
        Response response = api.patch(path, "{\"connection_name\":\"changed\",\"inbound\":{\"dnis_number_format\":\"weird\"}}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.error().at("/source/pointer").asText()).isEqualTo("/inbound/dnis_number_format");
        assertThat(api.get(path).data()).isEqualTo(c);
    }

    @Test
    void deleteRemovesTheConnectionAndItsCredentials() {
        JsonNode c = connection(api);
        String id = c.get("id").asText();
        String credentialId = credentialUnder(api, id).get("id").asText();
        Response deleted = api.delete("/v2/credential_connections/" + id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.data().get("id").asText()).isEqualTo(id);
        assertThat(api.get("/v2/credential_connections/" + id).status()).isEqualTo(404);
        assertThat(api.get("/v2/telephony_credentials/" + credentialId).status()).isEqualTo(404);
    }

    @Test
    void listFiltersByNameSubstringAndSorts() {
        ApiClient tenant = telcred.newAccountClient("sorting");
        connection(tenant, uniqueUserName(), "Bravo office");
        connection(tenant, uniqueUserName(), "alpha OFFICE");
        connection(tenant, uniqueUserName(), "Charlie warehouse");

        assertThat(names(tenant.get("/v2/credential_connections"))).containsExactly("Charlie warehouse", "alpha OFFICE", "Bravo office");
        assertThat(names(tenant.get("/v2/credential_connections?sort=created_at"))).containsExactly("Bravo office", "alpha OFFICE", "Charlie warehouse");
        assertThat(names(tenant.get("/v2/credential_connections?sort=connection_name"))).containsExactly("alpha OFFICE", "Bravo office", "Charlie warehouse");
        assertThat(names(tenant.get("/v2/credential_connections?sort=-connection_name"))).containsExactly("Charlie warehouse", "Bravo office", "alpha OFFICE");
        assertThat(names(tenant.get("/v2/credential_connections?filter[connection_name][contains]=office&sort=connection_name")))
                .containsExactly("alpha OFFICE", "Bravo office");
        assertThat(names(tenant.get("/v2/credential_connections?filter%5Bconnection_name%5D%5Bcontains%5D=%25"))).isEmpty();
        assertThat(names(tenant.get("/v2/credential_connections?filter[fqdn]=example.com"))).isEmpty();
    }

    @Test
    void listFiltersByOutboundVoiceProfile() {
        ApiClient tenant = telcred.newAccountClient("ovp");
        JsonNode c = connection(tenant);
        connection(tenant);
        tenant.patch("/v2/credential_connections/" + c.get("id").asText(), "{\"outbound\":{\"outbound_voice_profile_id\":\"1911630617284445511\"}}");
        assertThat(names(tenant.get("/v2/credential_connections?filter[outbound_voice_profile_id]=1911630617284445511"))).hasSize(1);
    }

    @Test
    void activeSortPutsInactiveFirstAscending() {
        ApiClient tenant = telcred.newAccountClient("active sort");
        connection(tenant, uniqueUserName(), "on");
        JsonNode off = connection(tenant, uniqueUserName(), "off");
        tenant.patch("/v2/credential_connections/" + off.get("id").asText(), "{\"active\":false}");
        assertThat(names(tenant.get("/v2/credential_connections?sort=active"))).containsExactly("off", "on");
        assertThat(names(tenant.get("/v2/credential_connections?sort=-active"))).containsExactly("on", "off");
    }

    @Test
    void badSortIsRefused() {
        Response response = api.get("/v2/credential_connections?sort=password");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error().at("/source/parameter").asText()).isEqualTo("sort");
    }

    @Test
    void malformedConnectionIdIsNotFound() {
        for (String id : List.of("abc", "-1", "0", "99999999999999999999", "1%27%20OR%201=1")) {
            Response response = api.get("/v2/credential_connections/" + id);
            assertThat(response.status()).as(id).isEqualTo(404);
        }
    }

    private static List<String> names(Response list) {
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        list.data().forEach(c -> names.add(c.get("connection_name").asText()));
        return names;
    }
}
