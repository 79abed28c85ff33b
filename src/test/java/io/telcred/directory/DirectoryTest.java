package io.telcred.directory;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.crypto.Hashes;
import io.telcred.directory.LoginCheck.Outcome;
import io.telcred.testing.ApiClient;
import io.telcred.testing.TestTelcred;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The directory sees every change the API makes at once, with no polling delay. */
class DirectoryTest {

    private static final String REALM = "sip.example.test";

    private static TestTelcred telcred;
    private static ApiClient api;
    private static Directory directory;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start(Map.of("TELCRED_SIP_DOMAIN", REALM));
        api = telcred.newAccountClient("directory");
        directory = telcred.server().platform().directory();
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void newCredentialLogsInAtOnceAfterAMissWasCached() {
        JsonNode c = connection(api);
        assertThat(directory.find("gencredNotYetMade0000000000")).isEmpty();
        JsonNode credential = credentialUnder(api, c.get("id").asText());
        String name = credential.get("sip_username").asText();
        assertThat(directory.checkPassword(name, credential.get("sip_password").asText()).outcome()).isEqualTo(Outcome.ACCEPTED);
        Login login = directory.find(name).orElseThrow();
        assertThat(login.kind()).isEqualTo(LoginKind.CREDENTIAL);
        assertThat(login.credentialId()).isEqualTo(credential.get("id").asText());
        assertThat(login.connectionId()).isEqualTo(c.get("id").asLong());
    }

    @Test
    void connectionLoginChecksItsOwnPassword() {
        JsonNode c = connection(api);
        String name = c.get("user_name").asText();
        assertThat(directory.checkPassword(name, "correct-horse-1").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(directory.checkPassword(name, "wrong-horse-1").outcome()).isEqualTo(Outcome.WRONG_SECRET);
        assertThat(directory.checkPassword(name.toUpperCase(), "correct-horse-1").outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(directory.checkPassword("nobody1234", "x").outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void passwordChangeIsSeenAtOnce() {
        JsonNode c = connection(api);
        String name = c.get("user_name").asText();
        assertThat(directory.checkPassword(name, "correct-horse-1").accepted()).isTrue();
        api.patch("/v2/credential_connections/" + c.get("id").asText(), "{\"password\":\"battery-staple-2\"}");
        assertThat(directory.checkPassword(name, "correct-horse-1").outcome()).isEqualTo(Outcome.WRONG_SECRET);
        assertThat(directory.checkPassword(name, "battery-staple-2").accepted()).isTrue();
    }

    @Test
    void renamedConnectionAnswersOnlyToItsNewName() {
        JsonNode c = connection(api);
        String old = c.get("user_name").asText();
        directory.find(old);
        String renamed = "renamed" + System.nanoTime() % 100000;
        api.patch("/v2/credential_connections/" + c.get("id").asText(), "{\"user_name\":\"" + renamed + "\"}");
        assertThat(directory.find(old)).isEmpty();
        assertThat(directory.checkPassword(renamed, "correct-horse-1").accepted()).isTrue();
    }

    @Test
    void deactivatedExpiredDeletedAndConnectionInactiveAreRefusedAtOnce() {
        JsonNode c = connection(api);
        String connectionPath = "/v2/credential_connections/" + c.get("id").asText();
        JsonNode credential = credentialUnder(api, c.get("id").asText());
        String name = credential.get("sip_username").asText();
        String password = credential.get("sip_password").asText();
        String path = "/v2/telephony_credentials/" + credential.get("id").asText();
        assertThat(directory.checkPassword(name, password).accepted()).isTrue();

        api.post(path + "/actions/deactivate", null);
        assertThat(directory.checkPassword(name, password).outcome()).isEqualTo(Outcome.NOT_ALLOWED);
        api.post(path + "/actions/activate", null);
        assertThat(directory.checkPassword(name, password).accepted()).isTrue();

        api.patch(connectionPath, "{\"active\":false}");
        assertThat(directory.checkPassword(name, password).outcome()).isEqualTo(Outcome.NOT_ALLOWED);
        assertThat(directory.checkPassword(c.get("user_name").asText(), "correct-horse-1").outcome()).isEqualTo(Outcome.NOT_ALLOWED);
        api.patch(connectionPath, "{\"active\":true}");
        assertThat(directory.checkPassword(name, password).accepted()).isTrue();

        api.delete(path);
        assertThat(directory.checkPassword(name, password).outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void credentialPastItsExpiryIsRefusedWithoutASweeper() throws InterruptedException {
        JsonNode c = connection(api);
        String expiry = java.time.Instant.now().plusMillis(1200).toString();
        JsonNode credential = api.post("/v2/telephony_credentials",
                "{\"connection_id\":\"" + c.get("id").asText() + "\",\"expires_at\":\"" + expiry + "\"}").data();
        String name = credential.get("sip_username").asText();
        assertThat(directory.checkPassword(name, credential.get("sip_password").asText()).accepted()).isTrue();
        Thread.sleep(1400);
        assertThat(directory.checkPassword(name, credential.get("sip_password").asText()).outcome()).isEqualTo(Outcome.NOT_ALLOWED);
    }

    @Test
    void digestResponsesCheckWithMd5AndSha256() {
        JsonNode c = connection(api);
        JsonNode credential = credentialUnder(api, c.get("id").asText());
        String name = credential.get("sip_username").asText();
        String password = credential.get("sip_password").asText();
        for (String algorithm : new String[] {"MD5", "SHA-256"}) {
            String hash = algorithm.equals("MD5") ? "MD5" : "SHA-256";
            String ha1 = Hashes.hex(hash, name + ":" + REALM + ":" + password);
            String ha2 = Hashes.hex(hash, "REGISTER:sip:" + REALM);
            String response = Hashes.hex(hash, ha1 + ":nonce123:00000001:cnonce9:auth:" + ha2);
            DigestResponse good = new DigestResponse(algorithm, "REGISTER", "sip:" + REALM, "nonce123", "00000001",
                    "cnonce9", "auth", response);
            assertThat(directory.checkDigest(name, good).outcome()).as(algorithm).isEqualTo(Outcome.ACCEPTED);
            DigestResponse otherUri = new DigestResponse(algorithm, "REGISTER", "sip:other", "nonce123", "00000001",
                    "cnonce9", "auth", response);
            assertThat(directory.checkDigest(name, otherUri).outcome()).as(algorithm).isEqualTo(Outcome.WRONG_SECRET);
        }
        String ha1 = Hashes.md5Hex(name + ":" + REALM + ":" + password);
        String legacy = Hashes.md5Hex(ha1 + ":n0nce:" + Hashes.md5Hex("INVITE:sip:bob@" + REALM));
        assertThat(directory.checkDigest(name, new DigestResponse(null, "INVITE", "sip:bob@" + REALM, "n0nce", null, null,
                null, legacy)).accepted()).isTrue();
        assertThat(directory.checkDigest(name, new DigestResponse("MD5-sess", "INVITE", "sip:bob@" + REALM, "n0nce", null,
                null, null, legacy)).accepted()).isFalse();
    }
}
