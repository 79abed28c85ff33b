package io.telcred.directory;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.crypto.Hashes;
import io.telcred.secret.Ha1Hashes;
import java.util.HexFormat;
import io.telcred.directory.LoginCheck.Outcome;
import io.telcred.testing.ApiClient;
import io.telcred.testing.MutableClock;
import io.telcred.testing.TestTelcred;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The directory sees every change the API makes at once, with no polling delay. */
class DirectoryTest {

    private static final String REALM = "sip.example.test";

    private static final MutableClock CLOCK = new MutableClock(Instant.now());

    private static TestTelcred telcred;
    private static ApiClient api;
    private static Directory directory;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start(Map.of("TELCRED_SIP_DOMAIN", REALM), CLOCK);
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
        assertThat(directory.find("gencredNotYetMade0000000000").join()).isEmpty();
        JsonNode credential = credentialUnder(api, c.get("id").asText());
        String name = credential.get("sip_username").asText();
        assertThat(password(name, credential.get("sip_password").asText()).outcome()).isEqualTo(Outcome.ACCEPTED);
        Login login = directory.find(name).join().orElseThrow();
        assertThat(login.kind()).isEqualTo(LoginKind.CREDENTIAL);
        assertThat(login.credentialId()).isEqualTo(credential.get("id").asText());
        assertThat(login.connectionId()).isEqualTo(c.get("id").asLong());
    }

    @Test
    void connectionLoginChecksItsOwnPassword() {
        JsonNode c = connection(api);
        String name = c.get("user_name").asText();
        assertThat(password(name, "correct-horse-1").outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(password(name, "wrong-horse-1").outcome()).isEqualTo(Outcome.WRONG_SECRET);
        assertThat(password(name.toUpperCase(), "correct-horse-1").outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(password("nobody1234", "x").outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void passwordChangeIsSeenAtOnce() {
        JsonNode c = connection(api);
        String name = c.get("user_name").asText();
        assertThat(password(name, "correct-horse-1").accepted()).isTrue();
        api.patch("/v2/credential_connections/" + c.get("id").asText(), "{\"password\":\"battery-staple-2\"}");
        assertThat(password(name, "correct-horse-1").outcome()).isEqualTo(Outcome.WRONG_SECRET);
        assertThat(password(name, "battery-staple-2").accepted()).isTrue();
    }

    @Test
    void renamedConnectionAnswersOnlyToItsNewName() {
        JsonNode c = connection(api);
        String old = c.get("user_name").asText();
        directory.find(old).join();
        String renamed = "renamed" + System.nanoTime() % 100000;
        api.patch("/v2/credential_connections/" + c.get("id").asText(), "{\"user_name\":\"" + renamed + "\"}");
        assertThat(directory.find(old).join()).isEmpty();
        assertThat(password(renamed, "correct-horse-1").accepted()).isTrue();
    }

    @Test
    void deactivatedExpiredDeletedAndConnectionInactiveAreRefusedAtOnce() {
        JsonNode c = connection(api);
        String connectionPath = "/v2/credential_connections/" + c.get("id").asText();
        JsonNode credential = credentialUnder(api, c.get("id").asText());
        String name = credential.get("sip_username").asText();
        String password = credential.get("sip_password").asText();
        String path = "/v2/telephony_credentials/" + credential.get("id").asText();
        assertThat(password(name, password).accepted()).isTrue();

        api.post(path + "/actions/deactivate", null);
        assertThat(password(name, password).outcome()).isEqualTo(Outcome.NOT_ALLOWED);
        api.post(path + "/actions/activate", null);
        assertThat(password(name, password).accepted()).isTrue();

        api.patch(connectionPath, "{\"active\":false}");
        assertThat(password(name, password).outcome()).isEqualTo(Outcome.NOT_ALLOWED);
        assertThat(password(c.get("user_name").asText(), "correct-horse-1").outcome()).isEqualTo(Outcome.NOT_ALLOWED);
        api.patch(connectionPath, "{\"active\":true}");
        assertThat(password(name, password).accepted()).isTrue();

        api.delete(path);
        assertThat(password(name, password).outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void credentialPastItsExpiryIsRefusedWithoutASweeper() {
        JsonNode c = connection(api);
        String expiry = CLOCK.instant().plusSeconds(60).toString();
        JsonNode credential = api.post("/v2/telephony_credentials",
                "{\"connection_id\":\"" + c.get("id").asText() + "\",\"expires_at\":\"" + expiry + "\"}").data();
        String name = credential.get("sip_username").asText();
        assertThat(password(name, credential.get("sip_password").asText()).accepted()).isTrue();
        CLOCK.advance(Duration.ofSeconds(61));
        assertThat(password(name, credential.get("sip_password").asText()).outcome()).isEqualTo(Outcome.NOT_ALLOWED);
    }

    @Test
    void aProofOfTheSecretIsJudgedAgainstTheStoredHa1s() {
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        String name = credential.get("sip_username").asText();
        String ha1 = name + ":" + REALM + ":" + credential.get("sip_password").asText();
        assertThat(directory.check(name, secret -> secret.md5Equals(Hashes.md5(ha1))
                && sha256Of(secret).equals(Hashes.sha256Hex(ha1))).join().outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(directory.check(name, secret -> false).join().outcome()).isEqualTo(Outcome.WRONG_SECRET);
        assertThat(directory.check("gencredNobody000000000000000", secret -> true).join().outcome())
                .isEqualTo(Outcome.UNKNOWN);
    }

    private static String sha256Of(Ha1Hashes secret) {
        byte[] sha256 = new byte[Ha1Hashes.SHA_256_BYTES];
        secret.sha256(sha256);
        return HexFormat.of().formatHex(sha256);
    }

    private static LoginCheck password(String name, String password) {
        return directory.checkPassword(name, password).join();
    }
}
