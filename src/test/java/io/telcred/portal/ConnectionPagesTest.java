package io.telcred.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.json.Json;
import io.telcred.location.Binding;
import io.telcred.location.Transport;
import io.telcred.testing.ApiClient;
import io.telcred.testing.Fixtures;
import io.telcred.testing.PortalClient;
import io.telcred.testing.PortalClient.Page;
import io.telcred.testing.TestTelcred;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SIP connection pages: adding one in two steps, the list, revealing its login, editing, deactivating, deleting. */
class ConnectionPagesTest {

    private static final String STRONG = "Strong-Enough-42";

    private TestTelcred telcred;
    private ApiClient api;
    private PortalClient browser;

    @BeforeEach
    void start() {
        telcred = TestTelcred.start(Map.of("TELCRED_PORTAL_SIGNIN_SLOW_DELAY_MS", "0"));
        api = telcred.client();
        browser = telcred.portal();
    }

    @AfterEach
    void stop() {
        telcred.close();
    }

    @Test
    void nothingIsStoredBeforeSaveAndFinishEditing() {
        Page form = browser.get("/connections/new");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("id=\"connection-name\"", "id=\"connection-type\"", ">Credentials</option>", ">Create</button>");

        Page proposed = nameTheConnection("Front Desk");
        assertThat(proposed.status()).isEqualTo(200);
        assertThat(inputTag(proposed.body(), "user-name")).contains(" readonly");
        assertThat(inputTag(proposed.body(), "password")).contains(" readonly");
        assertThat(proposed.body()).contains("id=\"edit-login\"", "Save &amp; Finish Editing", "data-copy=\"#user-name\"",
                "data-copy=\"#password\"");
        assertThat(value(proposed.body(), "user-name")).matches("frontdesk[0-9]{6}");
        assertThat(value(proposed.body(), "password")).hasSizeGreaterThanOrEqualTo(20);
        assertThat(connectionCount()).as("after step 1").isZero();

        Page editable = browser.post("/connections/new", Map.of("connection_name", "Front Desk", "connection_type", "credentials",
                "user_name", value(proposed.body(), "user-name"), "password", value(proposed.body(), "password"), "edit", "login"));
        assertThat(editable.status()).isEqualTo(200);
        assertThat(inputTag(editable.body(), "user-name")).doesNotContain("readonly");
        assertThat(value(editable.body(), "password")).isEqualTo(value(proposed.body(), "password"));
        assertThat(connectionCount()).as("after asking to edit").isZero();

        Page saved = saveLogin("Front Desk", value(proposed.body(), "user-name"), value(proposed.body(), "password"));
        assertThat(saved.status()).isEqualTo(302);
        assertThat(saved.location()).isEqualTo("/connections");
        assertThat(connectionCount()).isEqualTo(1);
        Page list = browser.get("/connections");
        assertThat(list.body()).contains("Connection Front Desk created.", ">Front Desk</a>");
    }

    @Test
    void theSavedLoginIsTheOneShownAndTheEyeRevealsIt() {
        Page proposed = nameTheConnection("Office");
        String userName = value(proposed.body(), "user-name");
        String password = value(proposed.body(), "password");
        saveLogin("Office", userName, password);

        JsonNode stored = onlyConnection();
        assertThat(stored.get("user_name").asText()).isEqualTo(userName);
        assertThat(stored.get("password").asText()).isEqualTo(password);
        assertThat(stored.get("connection_name").asText()).isEqualTo("Office");

        Page list = browser.get("/connections");
        String id = stored.get("id").asText();
        assertThat(list.body()).contains("aria-label=\"Show credentials\"", "data-connection=\"" + id + "\"", "data-auth-user",
                "data-auth-password", "href=\"/connections/" + id + "/credentials\">Credentials</a>",
                "href=\"/connections/" + id + "\">Edit</a>", "<span class=\"badge on\">Active</span>")
                .doesNotContain(password).doesNotContain(userName);
        Page revealed = browser.postJson("/connections/" + id + "/reveal", "{}");
        assertThat(revealed.status()).isEqualTo(200);
        assertThat(revealed.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode login = Json.parse(revealed.body());
        assertThat(login.get("user_name").asText()).isEqualTo(userName);
        assertThat(login.get("password").asText()).isEqualTo(password);
    }

    @Test
    void aLoginTheUserChangedIsSavedAsEntered() {
        nameTheConnection("Lobby");
        Page saved = saveLogin("Lobby", "lobbyphone7", STRONG);

        assertThat(saved.status()).isEqualTo(302);
        JsonNode stored = onlyConnection();
        assertThat(stored.get("user_name").asText()).isEqualTo("lobbyphone7");
        assertThat(stored.get("password").asText()).isEqualTo(STRONG);
    }

    @Test
    void aTakenUserNameShowsStepTwoAgainInWordsAndStoresNothing() {
        String taken = Fixtures.uniqueUserName();
        Fixtures.connection(api, taken, "Existing");
        nameTheConnection("Second");

        Page refused = saveLogin("Second", taken, STRONG);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("The user name '" + taken + "' is already in use.", "id=\"user-name-error\"");
        assertThat(inputTag(refused.body(), "user-name")).contains("aria-invalid=\"true\"").doesNotContain("readonly");
        assertThat(inputTag(refused.body(), "password")).doesNotContain("aria-invalid");
        assertThat(value(refused.body(), "user-name")).isEqualTo(taken);
        assertThat(value(refused.body(), "password")).isEqualTo(STRONG);
        assertThat(refused.body()).contains("name=\"connection_name\" value=\"Second\"");
        assertThat(connectionCount()).isEqualTo(1);
    }

    @Test
    void aWeakPasswordShowsStepTwoAgainSayingWhatIsMissingAndStoresNothing() {
        nameTheConnection("Kitchen");

        Page refused = saveLogin("Kitchen", "kitchen12345", "kitchen12345pw");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("This password is too weak: it has only lower-case letters and digits; add "
                + "upper-case letters or symbols; it contains the user name.", "id=\"password-error\"");
        assertThat(inputTag(refused.body(), "password")).contains("aria-invalid=\"true\"");
        assertThat(value(refused.body(), "password")).isEqualTo("kitchen12345pw");
        assertThat(connectionCount()).isZero();
    }

    @Test
    void aConnectionNeedsAName() {
        browser.get("/connections/new");
        Page refused = browser.post("/connections/new", Map.of("connection_name", "  ", "connection_type", "credentials"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("Enter a name for the connection.");
        assertThat(inputTag(refused.body(), "connection-name")).contains("aria-invalid=\"true\"");
    }

    @Test
    void revealNeedsThePagesTokenInItsHeader() {
        String id = Fixtures.connection(api).get("id").asText();
        browser.get("/connections");

        Page refused = browser.postForm("/connections/" + id + "/reveal", Map.of());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("correct-horse-1");
        assertThat(browser.postJson("/connections/" + id + "/reveal", "{}").body()).contains("correct-horse-1");
    }

    @Test
    void theListIsEmptyWithAnAddButtonAndPagesPastTwenty() {
        PortalClient newcomer = telcred.newAccountPortal("empty");
        Page empty = newcomer.get("/connections");
        assertThat(empty.body()).contains("No SIP connections yet", "action=\"/connections/new\"", "Add SIP Connection")
                .doesNotContain("id=\"connections\"");

        for (int i = 1; i <= ConnectionPages.PAGE_SIZE + 1; i++) {
            Fixtures.connection(api, Fixtures.uniqueUserName(), "Phone " + i);
        }
        Page first = browser.get("/connections");
        assertThat(rows(first.body())).isEqualTo(ConnectionPages.PAGE_SIZE);
        assertThat(first.body()).contains("Page 1 of 2", "href=\"/connections?page=2\"").contains(">Phone 21</a>");
        Page second = browser.get("/connections?page=2");
        assertThat(rows(second.body())).isEqualTo(1);
        assertThat(second.body()).contains(">Phone 1</a>", "href=\"/connections?page=1\"");
        Page search = browser.get("/connections?q=phone+2");
        assertThat(rows(search.body())).as("Phone 2, 20 and 21").isEqualTo(3);
    }

    @Test
    void savingOneGroupChangesThatGroupOnly() {
        String id = Fixtures.connection(api).get("id").asText();
        JsonNode before = api.get("/v2/credential_connections/" + id).data();
        Page edit = browser.get("/connections/" + id);
        assertThat(edit.status()).isEqualTo(200);
        for (String group : List.of("general", "inbound", "outbound", "media", "webhooks")) {
            assertThat(edit.body()).contains("action=\"/connections/" + id + "/settings/" + group + "\"");
        }

        Map<String, String> inbound = formFields(edit.body(), "/connections/" + id + "/settings/inbound");
        inbound.put("inbound.channel_limit", "7");
        inbound.put("inbound.codecs", "OPUS, G722");
        inbound.put("inbound.prack_enabled", "true");
        inbound.remove("inbound.sip_compact_headers_enabled");
        inbound.put("inbound.ani_number_format", "+E.164");
        Page saved = browser.post("/connections/" + id + "/settings/inbound", inbound);

        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(saved.location()).isEqualTo("/connections/" + id + "?open=inbound#inbound");
        ObjectNode expected = before.deepCopy();
        ObjectNode expectedInbound = (ObjectNode) expected.get("inbound");
        expectedInbound.put("channel_limit", 7).put("prack_enabled", true).put("sip_compact_headers_enabled", false)
                .put("ani_number_format", "+E.164");
        expectedInbound.putArray("codecs").add("OPUS").add("G722");
        assertThat(withoutUpdatedAt(api.get("/v2/credential_connections/" + id).data())).isEqualTo(withoutUpdatedAt(expected));
        assertThat(browser.get("/connections/" + id + "?open=inbound").body()).contains("Inbound settings saved.");
    }

    @Test
    void savingEveryGroupAsShownChangesNoSetting() {
        String id = Fixtures.connection(api).get("id").asText();
        JsonNode before = api.get("/v2/credential_connections/" + id).data();
        for (String group : List.of("general", "inbound", "outbound", "media", "webhooks")) {
            Page edit = browser.get("/connections/" + id);
            String action = "/connections/" + id + "/settings/" + group;
            Page saved = browser.post(action, formFields(edit.body(), action));
            assertThat(saved.status()).as(group + ": " + saved.body()).isEqualTo(302);
        }
        assertThat(withoutUpdatedAt(api.get("/v2/credential_connections/" + id).data())).isEqualTo(withoutUpdatedAt(before));
    }

    @Test
    void aRefusedSettingIsShownBesideItsFieldAndNothingOfItsGroupIsSaved() {
        String id = Fixtures.connection(api).get("id").asText();
        JsonNode before = api.get("/v2/credential_connections/" + id).data();
        String action = "/connections/" + id + "/settings/media";
        Map<String, String> media = formFields(browser.get("/connections/" + id).body(), action);
        media.put("dtmf_type", "Inband");
        media.put("jitter_buffer.jitterbuffer_msec_min", "300");
        media.put("jitter_buffer.jitterbuffer_msec_max", "100");

        Page refused = browser.post(action, media);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("id=\"jitter-buffer-jitterbuffer-msec-min-error\"",
                "jitter_buffer.jitterbuffer_msec_min must be at most jitter_buffer.jitterbuffer_msec_max (100)");
        assertThat(inputTag(refused.body(), "jitter-buffer-jitterbuffer-msec-min")).contains("aria-invalid=\"true\"",
                "value=\"300\"");
        assertThat(refused.body()).contains("<details class=\"card group\" id=\"media\" open>");
        assertThat(withoutUpdatedAt(api.get("/v2/credential_connections/" + id).data())).isEqualTo(withoutUpdatedAt(before));

        media.put("jitter_buffer.jitterbuffer_msec_min", "sixty");
        Page notANumber = browser.post(action, media);
        assertThat(notANumber.body()).contains("jitter_buffer.jitterbuffer_msec_min must be a whole number; got \"sixty\".");
    }

    @Test
    void theLoginIsChangedOnTheEditPageOnlyWithAStrongPassword() {
        String id = Fixtures.connection(api).get("id").asText();
        browser.get("/connections/" + id);
        String action = "/connections/" + id + "/settings/authentication";

        Page weak = browser.post(action, Map.of("user_name", "renamed123", "password", "short"));
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.body()).contains("This password is too weak: it has 5 characters", "id=\"password-error\"");
        assertThat(api.get("/v2/credential_connections/" + id).data().get("password").asText()).isEqualTo("correct-horse-1");

        Page saved = browser.post(action, Map.of("user_name", "renamed123", "password", STRONG));
        assertThat(saved.status()).isEqualTo(302);
        JsonNode stored = api.get("/v2/credential_connections/" + id).data();
        assertThat(stored.get("user_name").asText()).isEqualTo("renamed123");
        assertThat(stored.get("password").asText()).isEqualTo(STRONG);

        Page keep = browser.post(action, Map.of("user_name", "renamed456", "password", ""));
        assertThat(keep.status()).isEqualTo(302);
        assertThat(api.get("/v2/credential_connections/" + id).data().get("password").asText()).as("kept").isEqualTo(STRONG);
    }

    @Test
    void aConnectionIsDeactivatedAndActivatedAgain() {
        String id = Fixtures.connection(api).get("id").asText();
        browser.get("/connections/" + id);

        Page off = browser.post("/connections/" + id + "/active", Map.of("active", "false"));
        assertThat(off.status()).isEqualTo(302);
        assertThat(api.get("/v2/credential_connections/" + id).data().get("active").asBoolean()).isFalse();
        Page edit = browser.get("/connections/" + id);
        assertThat(edit.body()).contains("Connection deactivated.", "id=\"connection-status\">Inactive", ">Activate</button>");
        assertThat(browser.get("/connections").body()).contains("<span class=\"badge off\">Inactive</span>");

        browser.post("/connections/" + id + "/active", Map.of("active", "true"));
        assertThat(api.get("/v2/credential_connections/" + id).data().get("active").asBoolean()).isTrue();
    }

    @Test
    void theDeleteConfirmationCountsWhatGoesAndDeleteRemovesIt() {
        JsonNode connection = Fixtures.connection(api);
        String id = connection.get("id").asText();
        String credential = Fixtures.credentialUnder(api, id).get("id").asText();
        Fixtures.credentialUnder(api, id);
        Instant now = Instant.now();
        telcred.server().platform().location().put(new Binding(connection.get("user_name").asText(),
                telcred.server().platform().accounts().defaultAccount().id(), Long.parseLong(id), null, "sip:desk@192.0.2.10:5060",
                null, 0, List.of(), Transport.UDP, "192.0.2.10", 5060, null, "test-phone/1.0", "call-1", 1, now,
                now.plusSeconds(3600)));

        Page confirm = browser.get("/connections/" + id + "/delete");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("2 on-demand credentials", "1 live registration.", "id=\"confirm-delete\"");
        assertThat(api.get("/v2/credential_connections/" + id).status()).as("nothing deleted yet").isEqualTo(200);

        Page deleted = browser.post("/connections/" + id + "/delete", Map.of());
        assertThat(deleted.status()).isEqualTo(302);
        assertThat(deleted.location()).isEqualTo("/connections");
        assertThat(api.get("/v2/credential_connections/" + id).status()).isEqualTo(404);
        assertThat(api.get("/v2/telephony_credentials/" + credential).status()).isEqualTo(404);
        assertThat(browser.get("/connections").body()).contains("deleted along with its credentials and registrations.");
    }

    @Test
    void anotherAccountsOwnerFindsNothingAndChangesNothing() {
        String id = Fixtures.connection(api, Fixtures.uniqueUserName(), "Mine").get("id").asText();
        JsonNode before = api.get("/v2/credential_connections/" + id).data();
        PortalClient stranger = telcred.newAccountPortal("other");
        stranger.get("/connections");

        assertThat(stranger.get("/connections/" + id).status()).isEqualTo(404);
        assertThat(stranger.get("/connections/" + id + "/delete").status()).isEqualTo(404);
        Page reveal = stranger.postJson("/connections/" + id + "/reveal", "{}");
        assertThat(reveal.status()).isEqualTo(404);
        assertThat(reveal.body()).doesNotContain("correct-horse-1").doesNotContain(before.get("user_name").asText());
        assertThat(stranger.post("/connections/" + id + "/settings/general", Map.of("connection_name", "Taken over")).status())
                .isEqualTo(404);
        assertThat(stranger.post("/connections/" + id + "/settings/authentication",
                Map.of("user_name", "takenover1", "password", STRONG)).status()).isEqualTo(404);
        assertThat(stranger.post("/connections/" + id + "/active", Map.of("active", "false")).status()).isEqualTo(404);
        assertThat(stranger.post("/connections/" + id + "/delete", Map.of()).status()).isEqualTo(404);
        assertThat(stranger.get("/connections").body()).doesNotContain("Mine");

        assertThat(api.get("/v2/credential_connections/" + id).data()).isEqualTo(before);
    }

    @Test
    void aFormWithoutItsTokenIsRefusedAndChangesNothing() {
        String id = Fixtures.connection(api).get("id").asText();
        JsonNode before = api.get("/v2/credential_connections/" + id).data();
        browser.get("/connections/" + id);

        assertThat(browser.postForm("/connections", Map.of("connection_name", "Sneaky", "user_name", "sneaky123",
                "password", STRONG)).status()).isEqualTo(403);
        assertThat(browser.postForm("/connections/" + id + "/settings/general", Map.of("connection_name", "Sneaky")).status())
                .isEqualTo(403);
        assertThat(browser.postForm("/connections/" + id + "/active", Map.of("active", "false")).status()).isEqualTo(403);
        assertThat(browser.postForm("/connections/" + id + "/delete", Map.of()).status()).isEqualTo(403);

        assertThat(api.get("/v2/credential_connections/" + id).data()).isEqualTo(before);
        assertThat(connectionCount()).isEqualTo(1);
    }

    private Page nameTheConnection(String name) {
        browser.get("/connections/new");
        return browser.post("/connections/new", Map.of("connection_name", name, "connection_type", "credentials"));
    }

    private Page saveLogin(String name, String userName, String password) {
        return browser.post("/connections", Map.of("connection_name", name, "connection_type", "credentials",
                "user_name", userName, "password", password));
    }

    private long connectionCount() {
        return api.get("/v2/credential_connections").json().get("meta").get("total_results").asLong();
    }

    private JsonNode onlyConnection() {
        JsonNode all = api.get("/v2/credential_connections").data();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static JsonNode withoutUpdatedAt(JsonNode connection) {
        ObjectNode copy = connection.deepCopy();
        copy.remove("updated_at");
        return copy;
    }

    private static int rows(String body) {
        return body.split("data-connection-row=").length - 1;
    }

    /** The {@code <input>} tag with this id. */
    private static String inputTag(String body, String id) {
        Matcher tag = Pattern.compile("<input[^>]*\\sid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(body);
        assertThat(tag.find()).as("an input #" + id).isTrue();
        return tag.group();
    }

    private static String value(String body, String id) {
        Matcher value = Pattern.compile("\\svalue=\"([^\"]*)\"").matcher(inputTag(body, id));
        assertThat(value.find()).as("a value of #" + id).isTrue();
        return unescape(value.group(1));
    }

    /** What a browser would send of the form with this action, as the page shows it. */
    private static Map<String, String> formFields(String body, String action) {
        int start = body.indexOf("action=\"" + action + "\"");
        assertThat(start).as("a form to " + action).isPositive();
        String form = body.substring(start, body.indexOf("</form>", start));
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher inputs = Pattern.compile("<input([^>]*)>").matcher(form);
        while (inputs.find()) {
            String tag = inputs.group(1);
            Matcher name = Pattern.compile("\\sname=\"([^\"]*)\"").matcher(tag);
            Matcher value = Pattern.compile("\\svalue=\"([^\"]*)\"").matcher(tag);
            boolean unticked = tag.contains("type=\"checkbox\"") && !tag.matches("(?s).*\\schecked(\\s.*|$)");
            if (name.find() && !name.group(1).equals("_csrf") && !unticked) {
                fields.put(unescape(name.group(1)), value.find() ? unescape(value.group(1)) : "");
            }
        }
        Matcher selects = Pattern.compile("(?s)<select[^>]*\\sname=\"([^\"]*)\"[^>]*>(.*?)</select>").matcher(form);
        while (selects.find()) {
            Matcher selected = Pattern.compile("<option value=\"([^\"]*)\" selected>").matcher(selects.group(2));
            assertThat(selected.find()).as("a choice of " + selects.group(1)).isTrue();
            fields.put(selects.group(1), unescape(selected.group(1)));
        }
        return fields;
    }

    private static String unescape(String html) {
        return html.replace("&#34;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&amp;", "&");
    }
}
