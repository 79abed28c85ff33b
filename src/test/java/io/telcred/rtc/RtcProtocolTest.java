package io.telcred.rtc;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static io.telcred.testing.RtcTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.telcred.testing.ApiClient;
import io.telcred.testing.MutableClock;
import io.telcred.testing.RtcTestClient;
import io.telcred.testing.TestTelcred;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Telnyx-RTC protocol at /rtc, frame by frame: logins, the SDK's readiness steps, errors, presence, revocation. */
class RtcProtocolTest {

    private static final MutableClock CLOCK = new MutableClock();
    private static TestTelcred telcred;
    private static ApiClient api;
    private static String connectionId;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start(Map.of("TELCRED_RTC_SESSIONS_PER_CREDENTIAL", "2", "TELCRED_RTC_MAX_FRAME_BYTES", "8192",
                "TELCRED_RTC_LOGIN_TIMEOUT_SECONDS", "1", "TELCRED_RTC_REQUESTS_PER_SECOND", "5"), CLOCK);
        api = telcred.newAccountClient("rtc");
        connectionId = connection(api).get("id").asText();
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void passwordLoginFollowsTheSdkReadinessSteps() {
        JsonNode credential = credentialUnder(api, connectionId);
        try (RtcTestClient client = RtcTestClient.connect(telcred, "?voice_sdk_id=abc&rtc_port=443")) {
            JsonNode answer = client.loginWithPassword(credential.get("sip_username").asText(),
                    credential.get("sip_password").asText());
            assertThat(answer.path("result").path("message").asText()).isEqualTo("logged in");
            assertThat(answer.path("result").path("sessid").asText()).isNotBlank();
            assertThat(client.call("telnyx_rtc.ping", params()).has("result")).isTrue();
        }
    }

    @Test
    void tokenLoginWorksAndTheSessionIsARegistration() {
        JsonNode credential = credentialUnder(api, connectionId);
        try (RtcTestClient client = RtcTestClient.connect(telcred)) {
            client.loginWithToken(mint(credential));
            JsonNode registration = registrationOf(credential);
            assertThat(registration).isNotNull();
            assertThat(registration.path("transport").asText()).isEqualTo("WS");
            assertThat(registration.path("ip_address").asText()).isEqualTo("127.0.0.1");
        }
        awaitNoRegistration(credential);
    }

    @Test
    void userAgentOfTheLoginIsShownInRegistrations() {
        JsonNode credential = credentialUnder(api, connectionId);
        try (RtcTestClient client = RtcTestClient.connect(telcred)) {
            var params = params().put("login", credential.get("sip_username").asText())
                    .put("passwd", credential.get("sip_password").asText());
            params.putObject("User-Agent").put("sdkVersion", "2.27.10").put("data", "Mozilla/5.0 Test");
            client.completeLogin(client.call("login", params));
            assertThat(registrationOf(credential).path("user_agent").asText()).isEqualTo("Telnyx-RTC/2.27.10 Mozilla/5.0 Test");
        }
    }

    @Test
    void wrongPasswordFailsWithMinus32001NeverMinus32000() {
        JsonNode credential = credentialUnder(api, connectionId);
        try (RtcTestClient client = RtcTestClient.connect(telcred)) {
            JsonNode answer = client.call("login", params().put("login", credential.get("sip_username").asText())
                    .put("passwd", "wrong"));
            assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32001);
            JsonNode unknown = RtcTestClient.connect(telcred).call("login", params().put("login", "nobody")
                    .put("passwd", "x"));
            assertThat(unknown.path("error").path("code").asInt()).isEqualTo(-32001);
            JsonNode empty = RtcTestClient.connect(telcred).call("login", params());
            assertThat(empty.path("error").path("code").asInt()).isEqualTo(-32001);
            JsonNode notText = RtcTestClient.connect(telcred).call("login", params().put("login", 5).put("passwd", 6));
            assertThat(notText.path("error").path("code").asInt()).isEqualTo(-32001);
        }
    }

    @Test
    void requestBeforeLoginIsMinus32000() {
        try (RtcTestClient client = RtcTestClient.connect(telcred)) {
            assertThat(client.call("telnyx_rtc.invite", params()).path("error").path("code").asInt()).isEqualTo(-32000);
        }
    }

    @Test
    void malformedFramesGetTheirJsonRpcErrors() {
        JsonNode credential = credentialUnder(api, connectionId);
        try (RtcTestClient client = RtcTestClient.connect(telcred)) {
            client.loginWithPassword(credential.get("sip_username").asText(), credential.get("sip_password").asText());
            client.sendRaw("{not json");
            assertThat(errorCode(client)).isEqualTo(-32700);
            client.sendRaw("[{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"telnyx_rtc.ping\",\"params\":{}}]");
            assertThat(errorCode(client)).isEqualTo(-32600);
            client.sendRaw("{\"jsonrpc\":\"1.0\",\"id\":\"2\",\"method\":\"telnyx_rtc.ping\"}");
            assertThat(errorCode(client)).isEqualTo(-32600);
            client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"3\",\"method\":\"telnyx_rtc.ping\",\"params\":[1]}");
            assertThat(errorCode(client)).isEqualTo(-32602);
            assertThat(client.call("telnyx_rtc.nothing", params()).path("error").path("code").asInt()).isEqualTo(-32601);
            assertThat(client.call("telnyx_rtc.invite", params()).path("error").path("code").asInt()).isEqualTo(-32602);
            assertThat(client.call("telnyx_rtc.bye", params()).path("error").path("code").asInt()).isEqualTo(-32602);
            // Still logged in and answering after all of that.
            assertThat(client.call("telnyx_rtc.ping", params()).has("result")).isTrue();
        }
    }

    @Test
    void oversizedFrameClosesTheSocketWith1009() {
        try (RtcTestClient client = RtcTestClient.connect(telcred)) {
            client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"login\",\"params\":{\"login\":\""
                    + "x".repeat(9_000) + "\"}}");
            assertThat(client.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void fragmentedMessagesAreJoinedAndWebSocketPingsAnswered() throws Exception {
        JsonNode credential = credentialUnder(api, connectionId);
        try (RtcTestClient client = RtcTestClient.connect(telcred)) {
            client.loginWithPassword(credential.get("sip_username").asText(), credential.get("sip_password").asText());
            assertThat(client.ping("are you there")).isEqualTo("are you there");
            client.sendInPieces("{\"jsonrpc\":\"2.0\",\"id\":\"p1\",\"method\":\"telnyx_rtc.ping\",\"params\":{}}", 3);
            JsonNode answer = client.awaitFrame(frame -> frame.path("id").asText().equals("p1"), "the answer to a fragmented ping");
            assertThat(answer.path("result").path("method").asText()).isEqualTo("telnyx_rtc.ping");
        }
    }

    @Test
    void fragmentedMessageOverTheLimitClosesTheSocketWith1009() {
        try (RtcTestClient client = RtcTestClient.connect(telcred)) {
            client.sendInPieces("{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"login\",\"params\":{\"login\":\""
                    + "x".repeat(9_000) + "\"}}", 4);
            assertThat(client.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void binaryFrameClosesTheSocketWith1003() {
        try (RtcTestClient client = RtcTestClient.connect(telcred)) {
            client.sendBinary(new byte[] {1, 2, 3});
            assertThat(client.awaitClose()).isEqualTo(1003);
        }
    }

    @Test
    void socketThatNeverLogsInIsClosed() {
        try (RtcTestClient client = RtcTestClient.connect(telcred)) {
            assertThat(client.awaitClose()).isEqualTo(1008);
        }
    }

    @Test
    void aBurstBeyondTheRequestRateIsRefused() throws Exception {
        JsonNode credential = credentialUnder(api, connectionId);
        try (RtcTestClient client = RtcTestClient.connect(telcred)) {
            client.loginWithPassword(credential.get("sip_username").asText(), credential.get("sip_password").asText());
            for (int i = 0; i < 30; i++) {
                client.send("telnyx_rtc.ping", params());
            }
            List<JsonNode> frames = client.framesAfter(300);
            assertThat(frames.stream().filter(f -> f.path("error").path("code").asInt() == -32005).count()).isPositive();
        }
    }

    @Test
    void sessionsPerCredentialAreLimited() {
        JsonNode credential = credentialUnder(api, connectionId);
        String user = credential.get("sip_username").asText();
        String password = credential.get("sip_password").asText();
        try (RtcTestClient first = RtcTestClient.connect(telcred); RtcTestClient second = RtcTestClient.connect(telcred);
             RtcTestClient third = RtcTestClient.connect(telcred)) {
            first.loginWithPassword(user, password);
            second.loginWithPassword(user, password);
            JsonNode refused = third.call("login", params().put("login", user).put("passwd", password));
            assertThat(refused.path("error").path("code").asInt()).isEqualTo(-32001);
        }
    }

    @Test
    void reconnectWithItsSessidResumesTheSessionAndAForeignOneDoesNot() {
        JsonNode credential = credentialUnder(api, connectionId);
        JsonNode other = credentialUnder(api, connectionId);
        String sessid;
        try (RtcTestClient client = RtcTestClient.connect(telcred)) {
            sessid = client.loginWithPassword(credential.get("sip_username").asText(),
                    credential.get("sip_password").asText()).path("result").path("sessid").asText();
        }
        try (RtcTestClient again = RtcTestClient.connect(telcred)) {
            JsonNode answer = again.completeLogin(again.call("login", params().put("login", credential.get("sip_username").asText())
                    .put("passwd", credential.get("sip_password").asText()).put("sessid", sessid).put("reconnection", true)));
            assertThat(answer.path("result").path("sessid").asText()).isEqualTo(sessid);
        }
        try (RtcTestClient thief = RtcTestClient.connect(telcred)) {
            JsonNode answer = thief.completeLogin(thief.call("login", params().put("login", other.get("sip_username").asText())
                    .put("passwd", other.get("sip_password").asText()).put("sessid", sessid).put("reconnection", true)));
            assertThat(answer.path("result").path("sessid").asText()).isNotEqualTo(sessid);
        }
    }

    @Test
    void deactivatingTheCredentialPuntsItsSessionAndRefusesItsTokens() {
        JsonNode credential = credentialUnder(api, connectionId);
        String token = mint(credential);
        try (RtcTestClient client = RtcTestClient.connect(telcred)) {
            client.loginWithToken(token);
            long start = System.nanoTime();
            assertThat(api.post("/v2/telephony_credentials/" + credential.get("id").asText() + "/actions/deactivate", "")
                    .status()).isEqualTo(200);
            client.awaitRequest("telnyx_rtc.punt");
            assertThat(client.awaitClose()).isEqualTo(1000);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(registrationOf(credential)).isNull();
        }
        try (RtcTestClient client = RtcTestClient.connect(telcred)) {
            assertThat(client.call("login", params().put("login_token", token)).path("error").path("code").asInt())
                    .isEqualTo(-32001);
        }
    }

    @Test
    void deactivatingTheConnectionPuntsTheSessionsUnderIt() {
        String ownConnection = connection(api).get("id").asText();
        JsonNode credential = credentialUnder(api, ownConnection);
        try (RtcTestClient client = RtcTestClient.connect(telcred)) {
            client.loginWithPassword(credential.get("sip_username").asText(), credential.get("sip_password").asText());
            assertThat(api.patch("/v2/credential_connections/" + ownConnection, "{\"active\":false}").status()).isEqualTo(200);
            client.awaitRequest("telnyx_rtc.punt");
            assertThat(client.awaitClose()).isEqualTo(1000);
        }
    }

    @Test
    void forgedTokensAreRefused() throws Exception {
        JsonNode credential = credentialUnder(api, connectionId);
        String token = mint(credential);
        String[] parts = token.split("\\.");
        String kid = RtcTestClient.JSON.readTree(Base64.getUrlDecoder().decode(parts[0])).path("kid").asText();
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);

        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}") + "." + parts[1] + ".";
        String hsHeader = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}");
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(telcred.client(null).get("/.well-known/jwks.json").body().getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        String hs256 = hsHeader + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(hmac.doFinal((hsHeader + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
        ECKey foreignKey = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        JWSObject foreign = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), new Payload(payload));
        foreign.sign(new ECDSASigner(foreignKey));

        for (String forged : List.of(none, hs256, foreign.serialize(), token + "x", "not.a.token")) {
            try (RtcTestClient client = RtcTestClient.connect(telcred)) {
                assertThat(client.call("login", params().put("login_token", forged)).path("error").path("code").asInt())
                        .as(forged).isEqualTo(-32001);
            }
        }
    }

    @Test
    void expiredTokenIsRefused() {
        JsonNode credential = credentialUnder(api, connectionId);
        String token = mint(credential);
        CLOCK.advance(Duration.ofHours(25));
        try (RtcTestClient client = RtcTestClient.connect(telcred)) {
            assertThat(client.call("login", params().put("login_token", token)).path("error").path("code").asInt())
                    .isEqualTo(-32001);
        } finally {
            CLOCK.advance(Duration.ofHours(-25));
        }
    }

    private static int errorCode(RtcTestClient client) {
        return client.awaitFrame(f -> f.has("error"), "an error").path("error").path("code").asInt();
    }

    static String mint(JsonNode credential) {
        ApiClient.Response response = api.post("/v2/telephony_credentials/" + credential.get("id").asText() + "/token", "");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.body().trim();
    }

    private static JsonNode registrationOf(JsonNode credential) {
        JsonNode list = api.get("/v2/registrations?page[size]=250").json().path("data");
        for (JsonNode registration : list) {
            if (registration.path("sip_username").asText().equals(credential.get("sip_username").asText())) {
                return registration;
            }
        }
        return null;
    }

    private static void awaitNoRegistration(JsonNode credential) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (registrationOf(credential) != null) {
            assertThat(System.nanoTime()).as("the registration is gone after the socket closed").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
