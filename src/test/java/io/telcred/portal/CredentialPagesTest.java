package io.telcred.portal;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.createCredential;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.telcred.testing.ApiClient;
import io.telcred.testing.PortalClient;
import io.telcred.testing.PortalClient.Page;
import io.telcred.testing.TestTelcred;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The on-demand credential pages of a connection, checked against what the REST API then sees. */
class CredentialPagesTest {

    private static final DateTimeFormatter FORM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);
    private static final Pattern ROW_NAME = Pattern.compile("<td data-label=\"Name\">([^<]*)</td>");
    private static final Pattern TOKEN = Pattern.compile("<code id=\"token\">([^<]+)</code>");
    private static final Pattern TOKEN_EXPIRY = Pattern.compile("<time id=\"token-expiry\" datetime=\"([^\"]+)\">");

    private static TestTelcred telcred;
    private static ApiClient api;
    private static PortalClient owner;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start();
        api = telcred.client();
        owner = telcred.portal();
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void aCreatedCredentialIsListedAndTheApiSeesItsTagAndExpiry() {
        String connectionId = newConnection();
        Instant expiry = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MINUTES);

        Page created = create(connectionId, Map.of("name", "Agent Smith", "tag", "support", "expiry", FORM_TIME.format(expiry)));

        assertThat(created.status()).as(created.body()).isEqualTo(302);
        assertThat(created.location()).isEqualTo(list(connectionId));
        Page listed = owner.get(list(connectionId));
        assertThat(listed.body()).contains("Credential created.").contains("<h1>Office</h1>");
        assertThat(names(listed)).containsExactly("Agent Smith");
        assertThat(listed.body()).contains(">support</td>").contains("<span class=\"badge on\">active</span>")
                .contains(Format.time(expiry));
        JsonNode credential = only(apiCredentials(connectionId));
        assertThat(credential.get("name").asText()).isEqualTo("Agent Smith");
        assertThat(credential.get("tag").asText()).isEqualTo("support");
        assertThat(Instant.parse(credential.get("expires_at").asText())).isEqualTo(expiry);
        assertThat(listed.body()).contains(credential.get("sip_username").asText());
    }

    @Test
    void anExpiryInThePastOrMalformedIsRefusedInWordsAndCreatesNothing() {
        String connectionId = newConnection();

        Page past = create(connectionId, Map.of("name", "Kept name", "tag", "kept-tag",
                "expiry", FORM_TIME.format(Instant.now().minus(Duration.ofHours(1)))));
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.body()).contains("id=\"credential-expiry-error\"").contains("must be in the future")
                .contains("value=\"Kept name\"").contains("value=\"kept-tag\"");

        Page malformed = create(connectionId, Map.of("name", "Other", "expiry", "next tuesday"));
        assertThat(malformed.status()).isEqualTo(422);
        assertThat(malformed.body()).contains("Write the expiry as a date and a time in UTC");

        assertThat(apiCredentials(connectionId)).isEmpty();
        assertThat(owner.get(list(connectionId)).body()).contains("No credentials yet.");
    }

    @Test
    void searchingByNameTagOrStatusNarrowsTheList() {
        String connectionId = newConnection();
        credential(connectionId, "alpha", "east");
        credential(connectionId, "beta", "west");
        String gamma = credential(connectionId, "gamma", "west");
        api.post("/v2/telephony_credentials/" + gamma + "/actions/deactivate", null);

        assertThat(names(owner.get(list(connectionId)))).containsExactlyInAnyOrder("alpha", "beta", "gamma");
        assertThat(names(owner.get(list(connectionId) + "?name=beta"))).containsExactly("beta");
        assertThat(names(owner.get(list(connectionId) + "?tag=west"))).containsExactlyInAnyOrder("beta", "gamma");
        assertThat(names(owner.get(list(connectionId) + "?status=inactive"))).containsExactly("gamma");
        assertThat(names(owner.get(list(connectionId) + "?tag=west&status=active"))).containsExactly("beta");
        Page none = owner.get(list(connectionId) + "?name=nobody&status=all");
        assertThat(names(none)).isEmpty();
        assertThat(none.body()).contains("No credential matches this search.").doesNotContain("No credentials yet.");
    }

    @Test
    void theNameSearchFindsAPartOfTheNameOrOfTheSipUserNameInAnyCase() {
        String connectionId = newConnection();
        credential(connectionId, "Agent Alice", null);
        credential(connectionId, "agent_bob", null);
        String carol = credential(connectionId, "Carol", null);
        String carolUser = api.get("/v2/telephony_credentials/" + carol).data().get("sip_username").asText();

        assertThat(names(owner.get(list(connectionId) + "?name=AGENT"))).containsExactlyInAnyOrder("Agent Alice", "agent_bob");
        assertThat(names(owner.get(list(connectionId) + "?name=ice"))).containsExactly("Agent Alice");
        assertThat(names(owner.get(list(connectionId) + "?name=" + carolUser.substring(3, 12).toUpperCase())))
                .containsExactly("Carol");
        // % and _ are the characters themselves, not patterns.
        assertThat(names(owner.get(list(connectionId) + "?name=t_b"))).containsExactly("agent_bob");
        assertThat(names(owner.get(list(connectionId) + "?name=%25"))).isEmpty();
        Page none = owner.get(list(connectionId) + "?name=agent%20carol");
        assertThat(names(none)).isEmpty();
        assertThat(none.body()).contains("No credential matches this search.").doesNotContain("No credentials yet.");
    }

    @Test
    void theSecondPageShowsTheRestAndKeepsTheSearch() {
        String connectionId = newConnection();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < CredentialSearch.PAGE_SIZE + 2; i++) {
            created.add("bulk-" + i);
            credential(connectionId, "bulk-" + i, "bulk");
        }
        credential(connectionId, "untagged", null);

        Page first = owner.get(list(connectionId) + "?tag=bulk");
        assertThat(names(first)).hasSize(CredentialSearch.PAGE_SIZE);
        assertThat(first.body()).contains("Page 1 of 2").doesNotContain("id=\"page-previous\"")
                .contains("href=\"" + list(connectionId) + "?tag=bulk&amp;page=2\"");
        Page second = owner.get(list(connectionId) + "?tag=bulk&page=2");
        assertThat(names(second)).hasSize(2);
        assertThat(second.body()).contains("Page 2 of 2").doesNotContain("id=\"page-next\"")
                .contains("href=\"" + list(connectionId) + "?tag=bulk\"");
        List<String> both = new ArrayList<>(names(first));
        both.addAll(names(second));
        assertThat(both).containsExactlyInAnyOrderElementsOf(created);
        Page pastTheEnd = owner.get(list(connectionId) + "?tag=bulk&page=9");
        assertThat(pastTheEnd.body()).as("a page past the end shows the last").contains("Page 2 of 2");
        assertThat(names(pastTheEnd)).containsExactlyInAnyOrderElementsOf(names(second));
    }

    @Test
    void deactivatingAndActivatingChangeTheStatusTheApiReports() {
        String connectionId = newConnection();
        String id = credential(connectionId, "switched", null);

        Page deactivated = owner.post(list(connectionId) + "/" + id + "/active", Map.of("active", "false", "search", "name=switched"));
        assertThat(deactivated.status()).isEqualTo(302);
        assertThat(deactivated.location()).isEqualTo(list(connectionId) + "?name=switched");
        assertThat(apiStatus(id)).isEqualTo("inactive");
        assertThat(owner.get(list(connectionId)).body()).contains("<span class=\"badge off\">inactive</span>")
                .contains(">Activate</button>");

        assertThat(owner.post(list(connectionId) + "/" + id + "/active", Map.of("active", "true")).status()).isEqualTo(302);
        assertThat(apiStatus(id)).isEqualTo("active");
    }

    @Test
    void deletingRemovesTheCredential() {
        String connectionId = newConnection();
        String id = credential(connectionId, "doomed", null);

        Page deleted = owner.post(list(connectionId) + "/" + id + "/delete", Map.of());

        assertThat(deleted.status()).isEqualTo(302);
        assertThat(api.get("/v2/telephony_credentials/" + id).status()).isEqualTo(404);
        assertThat(owner.get(list(connectionId)).body()).contains("Credential deleted.").doesNotContain(id);
    }

    @Test
    void aTokenIsShownThatVerifiesForTheCredentialWithItsExpiry() throws Exception {
        String connectionId = newConnection();
        String id = credential(connectionId, "agent", null);
        owner.get(list(connectionId));

        Page page = owner.post(list(connectionId) + "/" + id + "/token", Map.of());

        assertThat(page.status()).as(page.body()).isEqualTo(201);
        assertThat(page.body()).contains("data-copy=\"#token\"").contains("login_token");
        SignedJWT jwt = SignedJWT.parse(match(TOKEN, page));
        JWKSet jwks = JWKSet.parse(telcred.client(null).get("/.well-known/jwks.json").body());
        assertThat(jwt.verify(new ECDSAVerifier((ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID())))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(id);
        assertThat(telcred.server().platform().directory().checkToken(jwt.serialize()).join().credentialId()).isEqualTo(id);
        Instant shown = Instant.parse(match(TOKEN_EXPIRY, page));
        assertThat(shown).isEqualTo(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
                .isAfter(Instant.now().plus(Duration.ofHours(23)))
                .isBeforeOrEqualTo(Instant.now().plus(Duration.ofHours(24)));
    }

    @Test
    void aTokenLastsNoLongerThanItsCredential() {
        String connectionId = newConnection();
        Instant expiry = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        String id = createCredential(api, "{\"connection_id\":\"" + connectionId + "\",\"expires_at\":\"" + expiry + "\"}")
                .get("id").asText();
        owner.get(list(connectionId));

        Page page = owner.post(list(connectionId) + "/" + id + "/token", Map.of());

        assertThat(Instant.parse(match(TOKEN_EXPIRY, page))).isEqualTo(expiry);
    }

    @Test
    void aDeactivatedCredentialGetsNoToken() {
        String connectionId = newConnection();
        String id = credential(connectionId, "resting", null);
        api.post("/v2/telephony_credentials/" + id + "/actions/deactivate", null);
        owner.get(list(connectionId));

        Page refused = owner.post(list(connectionId) + "/" + id + "/token", Map.of());

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("inactive; no token can be made for it").doesNotContain("id=\"token\"");
    }

    @Test
    void anotherAccountsOwnerFindsNothingAndChangesNothing() {
        String connectionId = newConnection();
        String id = credential(connectionId, "private", "mine");
        PortalClient stranger = telcred.newAccountPortal("stranger");
        stranger.get("/api-keys");

        Page listing = stranger.get(list(connectionId));
        assertThat(listing.status()).isEqualTo(404);
        assertThat(listing.body()).contains("No credential connection with id " + connectionId).doesNotContain("private");
        assertThat(stranger.post(list(connectionId), Map.of("name", "intruder")).status()).isEqualTo(404);
        assertThat(stranger.post(list(connectionId) + "/" + id + "/active", Map.of("active", "false")).status()).isEqualTo(404);
        Page token = stranger.post(list(connectionId) + "/" + id + "/token", Map.of());
        assertThat(token.status()).isEqualTo(404);
        assertThat(token.body()).doesNotContain("id=\"token\"");
        assertThat(stranger.post(list(connectionId) + "/" + id + "/delete", Map.of()).status()).isEqualTo(404);

        JsonNode unchanged = only(apiCredentials(connectionId));
        assertThat(unchanged.get("id").asText()).isEqualTo(id);
        assertThat(unchanged.get("status").asText()).isEqualTo("active");
    }

    @Test
    void aCredentialIsNotReachedThroughAnotherConnectionOfTheSameAccount() {
        String connectionId = newConnection();
        String id = credential(connectionId, "elsewhere", null);
        String otherConnection = newConnection();
        owner.get(list(otherConnection));

        assertThat(owner.post(list(otherConnection) + "/" + id + "/delete", Map.of()).status()).isEqualTo(404);
        assertThat(owner.post(list(otherConnection) + "/" + id + "/active", Map.of("active", "false")).status()).isEqualTo(404);
        assertThat(owner.post(list(otherConnection) + "/" + id + "/token", Map.of()).status()).isEqualTo(404);
        assertThat(apiStatus(id)).isEqualTo("active");
    }

    @Test
    void aFormWithoutItsTokenIsRefusedAndChangesNothing() {
        String connectionId = newConnection();
        String id = credential(connectionId, "guarded", null);
        owner.get(list(connectionId));

        assertThat(owner.postForm(list(connectionId), Map.of("name", "forged")).status()).isEqualTo(403);
        assertThat(owner.postForm(list(connectionId) + "/" + id + "/active", Map.of("active", "false")).status()).isEqualTo(403);
        assertThat(owner.postForm(list(connectionId) + "/" + id + "/delete", Map.of()).status()).isEqualTo(403);
        Page token = owner.postForm(list(connectionId) + "/" + id + "/token", Map.of());
        assertThat(token.status()).isEqualTo(403);
        assertThat(token.body()).doesNotContain("id=\"token\"");

        JsonNode unchanged = only(apiCredentials(connectionId));
        assertThat(unchanged.get("name").asText()).isEqualTo("guarded");
        assertThat(unchanged.get("status").asText()).isEqualTo("active");
    }

    private static String newConnection() {
        return connection(api).get("id").asText();
    }

    private static String list(String connectionId) {
        return "/connections/" + connectionId + "/credentials";
    }

    /** Posts the create form as the list page sends it, with that page's token. */
    private static Page create(String connectionId, Map<String, String> fields) {
        owner.get(list(connectionId));
        return owner.post(list(connectionId), fields);
    }

    /** A credential made over the API; a null tag is none. */
    private static String credential(String connectionId, String name, String tag) {
        String tagField = tag == null ? "" : ",\"tag\":\"" + tag + "\"";
        return createCredential(api, "{\"connection_id\":\"" + connectionId + "\",\"name\":\"" + name + "\"" + tagField + "}")
                .get("id").asText();
    }

    private static List<JsonNode> apiCredentials(String connectionId) {
        ApiClient.Response response = api.get("/v2/telephony_credentials?filter[resource_id]=connection:" + connectionId
                + "&page[size]=250");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(response.data().spliterator(), false).toList();
    }

    private static String apiStatus(String id) {
        return api.get("/v2/telephony_credentials/" + id).data().get("status").asText();
    }

    private static JsonNode only(List<JsonNode> credentials) {
        assertThat(credentials).hasSize(1);
        return credentials.get(0);
    }

    private static List<String> names(Page page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        Matcher matcher = ROW_NAME.matcher(page.body());
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String match(Pattern pattern, Page page) {
        Matcher matcher = pattern.matcher(page.body());
        assertThat(matcher.find()).as(page.body()).isTrue();
        return matcher.group(1);
    }
}
