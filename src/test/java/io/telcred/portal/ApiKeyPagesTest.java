package io.telcred.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.testing.PortalClient;
import io.telcred.testing.PortalClient.Page;
import io.telcred.testing.TestTelcred;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API keys in the portal: made and shown once, listed by prefix with their last use, revoked; one account's only. */
class ApiKeyPagesTest {

    private static final Pattern NEW_KEY = Pattern.compile("<code id=\"new-key\">([^<]+)</code>");
    private static final Pattern REVOKE = Pattern.compile("action=\"/api-keys/([^/\"]+)/revoke\"");

    private TestTelcred telcred;
    private PortalClient owner;

    @BeforeEach
    void start() {
        telcred = TestTelcred.start();
        owner = telcred.portal();
    }

    @AfterEach
    void stop() {
        telcred.close();
    }

    @Test
    void aNewKeyIsShownOnceWorksAndIsListedByItsPrefixWithItsLastUse() {
        Page created = owner.post("/api-keys", Map.of("description", "dialler backend"));
        assertThat(created.status()).isEqualTo(201);
        String key = match(NEW_KEY, created.body());
        assertThat(telcred.client(key).get("/v2/telephony_credentials").status()).isEqualTo(200);

        Page list = owner.get("/api-keys");
        assertThat(list.body()).doesNotContain(key).contains(key.substring(0, 11)).contains("dialler backend");
        assertThat(list.body()).doesNotContain("id=\"new-key\"");
        assertThat(rowOf(list.body(), "dialler backend")).doesNotContain("never").contains("UTC</td>\n        <td>active");
    }

    @Test
    void aRevokedKeyIsRefusedAtOnce() {
        String key = match(NEW_KEY, owner.post("/api-keys", Map.of("description", "to revoke")).body());
        String id = match(REVOKE, owner.get("/api-keys").body().substring(owner.get("/api-keys").body().indexOf("to revoke")));

        Page revoked = owner.post("/api-keys/" + id + "/revoke", Map.of());
        assertThat(revoked.status()).isEqualTo(302);
        assertThat(telcred.client(key).get("/v2/telephony_credentials").status()).isEqualTo(401);
        assertThat(owner.get("/api-keys").body()).contains("API key revoked.");
    }

    @Test
    void aFormWithoutItsTokenChangesNothing() {
        Page refused = owner.postForm("/api-keys", Map.of("description", "forged"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(owner.get("/api-keys").body()).doesNotContain("forged");
    }

    @Test
    void anotherAccountsOwnerNeitherSeesNorRevokesTheKeys() {
        owner.post("/api-keys", Map.of("description", "ours"));
        String body = owner.get("/api-keys").body();
        String id = match(REVOKE, body.substring(body.indexOf("ours")));

        PortalClient other = telcred.newAccountPortal("other");
        assertThat(other.get("/api-keys").body()).doesNotContain("ours").doesNotContain(id);
        assertThat(other.post("/api-keys/" + id + "/revoke", Map.of()).status()).isEqualTo(404);
        assertThat(owner.get("/api-keys").body()).contains("ours").contains(">active<");
    }

    private static String rowOf(String body, String text) {
        int at = body.indexOf(text);
        return body.substring(body.lastIndexOf("<tr>", at), body.indexOf("</tr>", at));
    }

    private static String match(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(text).isTrue();
        return matcher.group(1);
    }
}
