package io.telcred.http;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.createCredential;
import static io.telcred.testing.Fixtures.credentialUnder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.testing.ApiClient;
import io.telcred.testing.ApiClient.Response;
import io.telcred.testing.MutableClock;
import io.telcred.testing.TestTelcred;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TelephonyCredentialApiTest {

    /** Moved by hand to pass an expiry; it starts now, so dates written from Instant.now() stay ahead of it. */
    private static final MutableClock CLOCK = new MutableClock(Instant.now());

    private static TestTelcred telcred;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start(Map.of(), CLOCK);
        api = telcred.newAccountClient("credential tests");
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void createdCredentialHasGeneratedIdentityAndDefaults() {
        String connectionId = connection(api).get("id").asText();
        Response created = api.post("/v2/telephony_credentials", "{\"connection_id\":\"" + connectionId + "\"}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode c = created.data();
        assertThat(c.get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(c.get("record_type").asText()).isEqualTo("credential");
        assertThat(c.get("sip_username").asText()).matches("gencred[A-Za-z0-9]{22}");
        assertThat(c.get("sip_password").asText()).matches("[0-9a-f]{32}");
        assertThat(c.get("name").asText()).isNotBlank();
        assertThat(c.get("resource_id").asText()).isEqualTo("connection:" + connectionId);
        assertThat(c.get("expired").isBoolean()).isTrue();
        assertThat(c.get("expired").booleanValue()).isFalse();
        assertThat(c.get("expires_at").isNull()).isTrue();
        assertThat(c.get("status").asText()).isEqualTo("active");
        assertThat(c.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(c.get("user_id").asText()).isNotBlank();
    }

    @Test
    void connectionIdMayBeSentAsNumber() {
        String connectionId = connection(api).get("id").asText();
        Response created = api.post("/v2/telephony_credentials", "{\"connection_id\":" + connectionId + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @Test
    void everyCredentialGetsItsOwnUsernameAndPassword() {
        String connectionId = connection(api).get("id").asText();
        Set<String> usernames = new HashSet<>();
        Set<String> passwords = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            JsonNode c = credentialUnder(api, connectionId);
            usernames.add(c.get("sip_username").asText());
            passwords.add(c.get("sip_password").asText());
        }
        assertThat(usernames).hasSize(20);
        assertThat(passwords).hasSize(20);
    }

    @Test
    void retrieveReturnsTheSameCredentialWithItsPassword() {
        JsonNode c = credentialUnder(api, connection(api).get("id").asText());
        Response read = api.get("/v2/telephony_credentials/" + c.get("id").asText());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.data()).isEqualTo(c);
    }

    @Test
    void missingConnectionIdIsRefusedWithPointer() {
        Response response = api.post("/v2/telephony_credentials", "{\"name\":\"x\"}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.error().get("code").asText()).isEqualTo("10004");
        assertThat(response.error().at("/source/pointer").asText()).isEqualTo("/connection_id");
    }

    @Test
    void explicitNullConnectionIdCountsAsMissing() {
        Response response = api.post("/v2/telephony_credentials", "{\"connection_id\":null}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.error().get("code").asText()).isEqualTo("10004");
    }

    @Test
    void unknownConnectionIsRefusedAsMissingAssociation() {
        Response response = api.post("/v2/telephony_credentials", "{\"connection_id\":\"1234567890123\"}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.error().get("code").asText()).isEqualTo("10017");
        assertThat(response.error().at("/source/pointer").asText()).isEqualTo("/connection_id");
    }

    @Test
    void expiryInThePastIsRefused() {
        String connectionId = connection(api).get("id").asText();
        Response response = api.post("/v2/telephony_credentials",
                "{\"connection_id\":\"" + connectionId + "\",\"expires_at\":\"2020-01-01T00:00:00Z\"}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.error().at("/source/pointer").asText()).isEqualTo("/expires_at");
    }

    @Test
    void badExpiryFormatIsRefused() {
        String connectionId = connection(api).get("id").asText();
        Response response = api.post("/v2/telephony_credentials",
                "{\"connection_id\":\"" + connectionId + "\",\"expires_at\":\"tomorrow\"}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.error().at("/source/pointer").asText()).isEqualTo("/expires_at");
    }

    @Test
    void credentialWhoseTimeHasPassedReadsExpiredAtOnceAndIsTerminal() {
        String connectionId = connection(api).get("id").asText();
        Instant soon = CLOCK.instant().plus(1, ChronoUnit.MINUTES);
        JsonNode c = createCredential(api, "{\"connection_id\":\"" + connectionId + "\",\"expires_at\":\"" + soon + "\"}");
        assertThat(c.get("expired").booleanValue()).isFalse();
        String path = "/v2/telephony_credentials/" + c.get("id").asText();

        CLOCK.advance(Duration.ofSeconds(61));

        JsonNode read = api.get(path).data();
        assertThat(read.get("expired").booleanValue()).isTrue();
        assertThat(read.get("status").asText()).isEqualTo("expired");
        assertThat(api.patch(path, "{\"name\":\"new\"}").status()).isEqualTo(422);
        assertThat(api.post(path + "/actions/activate", null).status()).isEqualTo(422);
        assertThat(api.post(path + "/token", null).status()).isEqualTo(422);
        assertThat(api.get("/v2/telephony_credentials?filter[status]=expired&filter[resource_id]=connection:" + connectionId)
                .data()).hasSize(1);
        assertThat(api.delete(path).status()).isEqualTo(200);
    }

    @Test
    void updateChangesNameTagAndExpiryOnly() {
        JsonNode c = credentialUnder(api, connection(api).get("id").asText());
        String expiry = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        Response updated = api.patch("/v2/telephony_credentials/" + c.get("id").asText(),
                "{\"name\":\"Agent Smith\",\"tag\":\"floor-2\",\"expires_at\":\"" + expiry + "\"}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        JsonNode u = updated.data();
        assertThat(u.get("name").asText()).isEqualTo("Agent Smith");
        assertThat(u.get("tag").asText()).isEqualTo("floor-2");
        assertThat(Instant.parse(u.get("expires_at").asText())).isEqualTo(Instant.parse(expiry));
        assertThat(u.get("sip_username")).isEqualTo(c.get("sip_username"));
        assertThat(u.get("sip_password")).isEqualTo(c.get("sip_password"));
        assertThat(u.get("created_at")).isEqualTo(c.get("created_at"));
    }

    @Test
    void updateCanMoveCredentialToAnotherConnectionOfTheAccount() {
        JsonNode c = credentialUnder(api, connection(api).get("id").asText());
        String other = connection(api).get("id").asText();
        Response moved = api.patch("/v2/telephony_credentials/" + c.get("id").asText(), "{\"connection_id\":\"" + other + "\"}");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.data().get("resource_id").asText()).isEqualTo("connection:" + other);
    }

    @Test
    void deleteReturnsTheDeletedObjectAndItIsGone() {
        JsonNode c = credentialUnder(api, connection(api).get("id").asText());
        String path = "/v2/telephony_credentials/" + c.get("id").asText();
        Response deleted = api.delete(path);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.data().get("id")).isEqualTo(c.get("id"));
        Response again = api.get(path);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.error().get("code").asText()).isEqualTo("10005");
        assertThat(api.delete(path).status()).isEqualTo(404);
    }

    @Test
    void deactivateAndActivateFlipStatus() {
        JsonNode c = credentialUnder(api, connection(api).get("id").asText());
        String path = "/v2/telephony_credentials/" + c.get("id").asText();
        Response off = api.post(path + "/actions/deactivate", null);
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.data().get("status").asText()).isEqualTo("inactive");
        assertThat(api.post(path + "/token", null).status()).isEqualTo(422);
        Response on = api.send("POST", path + "/actions/activate", "", "application/json");
        assertThat(on.status()).isEqualTo(200);
        assertThat(on.data().get("status").asText()).isEqualTo("active");
    }

    @Test
    void listIsNewestFirstWithPaginationMeta() {
        ApiClient tenant = telcred.newAccountClient("pagination");
        String connectionId = connection(tenant).get("id").asText();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(0, credentialUnder(tenant, connectionId).get("id").asText());
            CLOCK.advance(Duration.ofMillis(1));
        }
        Response first = tenant.get("/v2/telephony_credentials?page[number]=1&page[size]=2");
        assertThat(first.status()).isEqualTo(200);
        JsonNode meta = first.json().get("meta");
        assertThat(meta.get("page_number").intValue()).isEqualTo(1);
        assertThat(meta.get("page_size").intValue()).isEqualTo(2);
        assertThat(meta.get("total_pages").intValue()).isEqualTo(3);
        assertThat(meta.get("total_results").intValue()).isEqualTo(5);

        List<String> seen = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            tenant.get("/v2/telephony_credentials?page%5Bnumber%5D=" + page + "&page%5Bsize%5D=2").data()
                    .forEach(c -> seen.add(c.get("id").asText()));
        }
        assertThat(seen).isEqualTo(created);
        Response past = tenant.get("/v2/telephony_credentials?page[number]=9&page[size]=2");
        assertThat(past.data()).isEmpty();
        assertThat(past.json().at("/meta/total_results").intValue()).isEqualTo(5);
    }

    @Test
    void emptyListSaysZeroPages() {
        ApiClient tenant = telcred.newAccountClient("empty");
        JsonNode meta = tenant.get("/v2/telephony_credentials").json().get("meta");
        assertThat(meta.get("total_pages").intValue()).isZero();
        assertThat(meta.get("total_results").intValue()).isZero();
        assertThat(meta.get("page_number").intValue()).isEqualTo(1);
    }

    @Test
    void listFiltersByTagNameStatusResourceAndUsername() {
        ApiClient tenant = telcred.newAccountClient("filters");
        String connA = connection(tenant).get("id").asText();
        String connB = connection(tenant).get("id").asText();
        JsonNode red = createCredential(tenant, "{\"connection_id\":\"" + connA + "\",\"tag\":\"red\",\"name\":\"Ann\"}");
        createCredential(tenant, "{\"connection_id\":\"" + connA + "\",\"tag\":\"blue\",\"name\":\"Bob\"}");
        JsonNode inB = createCredential(tenant, "{\"connection_id\":\"" + connB + "\",\"tag\":\"red\",\"name\":\"Cy\"}");
        tenant.post("/v2/telephony_credentials/" + inB.get("id").asText() + "/actions/deactivate", null);

        assertThat(ids(tenant.get("/v2/telephony_credentials?filter[tag]=red"))).containsExactlyInAnyOrder(
                red.get("id").asText(), inB.get("id").asText());
        assertThat(ids(tenant.get("/v2/telephony_credentials?filter%5Bname%5D=Ann"))).containsExactly(red.get("id").asText());
        assertThat(ids(tenant.get("/v2/telephony_credentials?filter[status]=inactive"))).containsExactly(inB.get("id").asText());
        assertThat(ids(tenant.get("/v2/telephony_credentials?filter[status]=active"))).hasSize(2);
        assertThat(ids(tenant.get("/v2/telephony_credentials?filter[resource_id]=connection%3A" + connB)))
                .containsExactly(inB.get("id").asText());
        assertThat(ids(tenant.get("/v2/telephony_credentials?filter[sip_username]=" + red.get("sip_username").asText())))
                .containsExactly(red.get("id").asText());
    }

    @Test
    void badFiltersAreRefusedWithTheParameterNamed() {
        Response status = api.get("/v2/telephony_credentials?filter[status]=sleeping");
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.error().at("/source/parameter").asText()).isEqualTo("filter[status]");
        Response resource = api.get("/v2/telephony_credentials?filter[resource_id]=42");
        assertThat(resource.status()).isEqualTo(400);
        assertThat(resource.error().at("/source/parameter").asText()).isEqualTo("filter[resource_id]");
    }

    @Test
    void tagsListCountsCredentialsPerTag() {
        ApiClient tenant = telcred.newAccountClient("tags");
        String connectionId = connection(tenant).get("id").asText();
        for (String tag : List.of("a", "b", "b", "c", "c", "c")) {
            createCredential(tenant, "{\"connection_id\":\"" + connectionId + "\",\"tag\":\"" + tag + "\"}");
        }
        credentialUnder(tenant, connectionId);
        Response tags = tenant.get("/v2/telephony_credentials/tags");
        assertThat(tags.status()).isEqualTo(200);
        assertThat(tags.data().toString()).isEqualTo(
                "[{\"tag\":\"a\",\"amount\":1},{\"tag\":\"b\",\"amount\":2},{\"tag\":\"c\",\"amount\":3}]");
        Response second = tenant.get("/v2/telephony_credentials/tags?page[number]=2&page[size]=2");
        assertThat(second.data().toString()).isEqualTo("[{\"tag\":\"c\",\"amount\":3}]");
        assertThat(second.json().at("/meta/total_pages").intValue()).isEqualTo(2);
    }

    @Test
    void tagIsLimitedToItsConfiguredNumberOfCredentials() {
        try (TestTelcred small = TestTelcred.start(Map.of("TELCRED_MAX_CREDENTIALS_PER_TAG", "2"))) {
            ApiClient client = small.client();
            String connectionId = connection(client).get("id").asText();
            String body = "{\"connection_id\":\"" + connectionId + "\",\"tag\":\"full\"}";
            createCredential(client, body);
            createCredential(client, body);
            Response third = client.post("/v2/telephony_credentials", body);
            assertThat(third.status()).isEqualTo(422);
            assertThat(third.error().at("/source/pointer").asText()).isEqualTo("/tag");
            assertThat(client.get("/v2/telephony_credentials?filter[tag]=full").json().at("/meta/total_results").intValue())
                    .isEqualTo(2);
        }
    }

    @Test
    void tokenIsPlainTextJwtLivingADay() {
        JsonNode c = credentialUnder(api, connection(api).get("id").asText());
        Response token = api.send("POST", "/v2/telephony_credentials/" + c.get("id").asText() + "/token", "", "application/json");
        assertThat(token.status()).isEqualTo(201);
        assertThat(token.contentType()).startsWith("text/plain");
        String[] parts = token.body().split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode claims = io.telcred.json.Json.parse(new String(java.util.Base64.getUrlDecoder().decode(parts[1])));
        assertThat(claims.get("sub").asText()).isEqualTo(c.get("id").asText());
        assertThat(claims.get("exp").longValue() - claims.get("iat").longValue()).isEqualTo(86_400);
        assertThat(claims.get("typ").asText()).isEqualTo("access");
        // The JS SDK decodes the payload with atob, which rejects the base64url characters.
        assertThat(parts[1]).doesNotContain("-", "_");
    }

    @Test
    void tokenOfCredentialExpiringSoonerEndsAtItsExpiry() {
        String connectionId = connection(api).get("id").asText();
        Instant expiry = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        JsonNode c = createCredential(api, "{\"connection_id\":\"" + connectionId + "\",\"expires_at\":\"" + expiry + "\"}");
        Response token = api.post("/v2/telephony_credentials/" + c.get("id").asText() + "/token", null);
        JsonNode claims = io.telcred.json.Json.parse(new String(java.util.Base64.getUrlDecoder().decode(token.body().split("\\.")[1])));
        assertThat(claims.get("exp").longValue()).isEqualTo(expiry.getEpochSecond());
    }

    @Test
    void malformedIdIsNotFound() {
        Response response = api.get("/v2/telephony_credentials/not-a-uuid");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.error().get("code").asText()).isEqualTo("10006");
    }

    private static List<String> ids(Response list) {
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.data().forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }
}
