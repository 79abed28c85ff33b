package io.telcred.sip;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.location.Transport;
import io.telcred.sip.SipTestClient.Message;
import io.telcred.testing.ApiClient;
import io.telcred.testing.TestTelcred;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** REGISTER with digest over UDP, against a whole telcred, as a phone does it. */
class RegistrarTest {

    private static final String REALM = "sip.telcred.local";

    private static TestTelcred telcred;
    private static ApiClient api;
    private static int sipPort;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start(Map.of("TELCRED_SIP_AUTH_BAN_AFTER", "1000", "TELCRED_SIP_AUTH_SLOW_AFTER", "1000",
                "TELCRED_SIP_AUTH_BAN_USERNAMES", "1000", "TELCRED_SIP_DIGEST_ALGORITHMS", "SHA-256,MD5"));
        api = telcred.newAccountClient("sip");
        sipPort = telcred.server().sip().port(Transport.UDP);
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void registerIsChallengedWithEachConfiguredAlgorithmAndATag() {
        try (SipTestClient phone = new SipTestClient(sipPort, REALM)) {
            phone.register("someone1", UUID.randomUUID().toString(), 1, phone.contact("someone1"), "600", null);
            Message challenge = phone.finalResponse();
            assertThat(challenge.status()).isEqualTo(401);
            assertThat(challenge.headers("WWW-Authenticate")).hasSize(2);
            assertThat(challenge.headers("WWW-Authenticate").get(0)).contains("algorithm=SHA-256").contains("qop=\"auth\"");
            assertThat(challenge.headers("WWW-Authenticate").get(1)).contains("algorithm=MD5").contains("realm=\"" + REALM + "\"");
            // 64 random bits in hex: a tag of letters could spell a header name, which trips naive parsers (SIPp 3.6).
            assertThat(challenge.header("To")).matches(".*;tag=[0-9a-f]{16}");
        }
    }

    @Test
    void credentialRegistersAndShowsInTheApiAtOnce() {
        JsonNode connection = connection(api);
        JsonNode credential = credentialUnder(api, connection.get("id").asText());
        String user = credential.get("sip_username").asText();
        try (SipTestClient phone = new SipTestClient(sipPort, REALM)) {
            Message ok = phone.registerWithPassword(user, credential.get("sip_password").asText(), phone.contact(user), "600");
            assertThat(ok.status()).as(ok.text()).isEqualTo(200);
            assertThat(ok.header("Contact")).contains(user).contains("expires=");

            JsonNode registrations = api.get("/v2/registrations?filter[credential_id]=" + credential.get("id").asText()).data();
            assertThat(registrations).hasSize(1);
            JsonNode r = registrations.get(0);
            assertThat(r.get("sip_username").asText()).isEqualTo(user);
            assertThat(r.get("transport").asText()).isEqualTo("UDP");
            assertThat(r.get("ip_address").asText()).isEqualTo("127.0.0.1");
            assertThat(r.get("port").intValue()).isEqualTo(phone.port());
            assertThat(r.get("user_agent").asText()).isEqualTo("telcred-test");
            assertThat(api.get("/v2/registrations?filter[connection_id]=" + connection.get("id").asText()).data()).hasSize(1);

            Message gone = phone.registerWithPassword(user, credential.get("sip_password").asText(), phone.contact(user), "0");
            assertThat(gone.status()).isEqualTo(200);
            assertThat(gone.header("Contact")).isNull();
            assertThat(api.get("/v2/registrations?filter[credential_id]=" + credential.get("id").asText()).data()).isEmpty();
        }
    }

    @Test
    void connectionLoginRegistersAndItsStatusSaysSo() {
        JsonNode connection = connection(api);
        String user = connection.get("user_name").asText();
        try (SipTestClient phone = new SipTestClient(sipPort, REALM)) {
            assertThat(phone.registerWithPassword(user, "correct-horse-1", phone.contact(user), "300").status()).isEqualTo(200);
            JsonNode status = api.post("/v2/credential_connections/" + connection.get("id").asText()
                    + "/actions/check_registration_status", null).data();
            assertThat(status.get("status").asText()).isEqualTo("Registered");
            assertThat(status.get("port").intValue()).isEqualTo(phone.port());
        }
    }

    @Test
    void wrongPasswordAndUnknownUserAreChallengedAgainAlike() {
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        try (SipTestClient phone = new SipTestClient(sipPort, REALM)) {
            String user = credential.get("sip_username").asText();
            Message wrong = phone.registerWithPassword(user, "not-the-password", phone.contact(user), "600");
            assertThat(wrong.status()).isEqualTo(401);
            Message unknown = phone.registerWithPassword("gencredNoSuchUser0000000000", "x", phone.contact("x"), "600");
            assertThat(unknown.status()).isEqualTo(401);
        }
    }

    @Test
    void authenticatedUserMustOwnTheAddressOfRecord() {
        JsonNode a = credentialUnder(api, connection(api).get("id").asText());
        JsonNode b = credentialUnder(api, connection(api).get("id").asText());
        try (SipTestClient phone = new SipTestClient(sipPort, REALM)) {
            String callId = UUID.randomUUID().toString();
            String victim = b.get("sip_username").asText();
            phone.register(victim, callId, 1, phone.contact(victim), "600", null);
            Message challenge = phone.finalResponse();
            phone.register(victim, callId, 2, phone.contact(victim), "600", phone.authorization(challenge, "WWW-Authenticate",
                    "MD5", a.get("sip_username").asText(), a.get("sip_password").asText(), "REGISTER", "sip:" + REALM, "00000001"));
            assertThat(phone.finalResponse().status()).isEqualTo(403);
        }
    }

    @Test
    void tooShortExpiryIsRefusedWithMinExpiresAndLongOneIsClamped() {
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        String user = credential.get("sip_username").asText();
        String password = credential.get("sip_password").asText();
        try (SipTestClient phone = new SipTestClient(sipPort, REALM)) {
            Message brief = phone.registerWithPassword(user, password, phone.contact(user), "10");
            assertThat(brief.status()).isEqualTo(423);
            assertThat(brief.header("Min-Expires")).isEqualTo("60");
            Message clamped = phone.registerWithPassword(user, password, phone.contact(user), "999999");
            assertThat(clamped.status()).isEqualTo(200);
            assertThat(clamped.header("Contact")).contains("expires=3600");
        }
    }

    @Test
    void sha256AnswerIsAccepted() {
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        String user = credential.get("sip_username").asText();
        try (SipTestClient phone = new SipTestClient(sipPort, REALM)) {
            phone.registerAnswering(user, credential.get("sip_password").asText(), "SHA-256", phone.contact(user), "600");
            assertThat(phone.finalResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void replayedNonceCountIsRefused() {
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        String user = credential.get("sip_username").asText();
        try (SipTestClient phone = new SipTestClient(sipPort, REALM)) {
            String callId = UUID.randomUUID().toString();
            phone.register(user, callId, 1, phone.contact(user), "600", null);
            Message challenge = phone.finalResponse();
            String answer = phone.authorization(challenge, "WWW-Authenticate", "MD5", user,
                    credential.get("sip_password").asText(), "REGISTER", "sip:" + REALM, "00000001");
            phone.register(user, callId, 2, phone.contact(user), "600", answer);
            assertThat(phone.finalResponse().status()).isEqualTo(200);
            phone.register(user, callId, 3, phone.contact(user), "600", answer);
            assertThat(phone.finalResponse().status()).isEqualTo(401);
        }
    }

    @Test
    void wildcardUnregistersEveryDevice() {
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        String user = credential.get("sip_username").asText();
        String password = credential.get("sip_password").asText();
        try (SipTestClient one = new SipTestClient(sipPort, REALM); SipTestClient two = new SipTestClient(sipPort, REALM)) {
            assertThat(one.registerWithPassword(user, password, one.contact(user), "600").status()).isEqualTo(200);
            Message both = two.registerWithPassword(user, password, two.contact(user), "600");
            assertThat(both.headers("Contact")).hasSize(2);
            Message cleared = one.registerWithPassword(user, password, "*", "0");
            assertThat(cleared.status()).isEqualTo(200);
            assertThat(telcred.server().platform().location().bindings(user)).isEmpty();
        }
    }

    @Test
    void outOfOrderRegisterIsRefused() {
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        String user = credential.get("sip_username").asText();
        String password = credential.get("sip_password").asText();
        try (SipTestClient phone = new SipTestClient(sipPort, REALM)) {
            String callId = UUID.randomUUID().toString();
            phone.register(user, callId, 10, phone.contact(user), "600", null);
            Message challenge = phone.finalResponse();
            phone.register(user, callId, 11, phone.contact(user), "600", phone.authorization(challenge, "WWW-Authenticate", "MD5",
                    user, password, "REGISTER", "sip:" + REALM, "00000001"));
            assertThat(phone.finalResponse().status()).isEqualTo(200);
            phone.register(user, callId, 5, phone.contact(user), "600", phone.authorization(challenge, "WWW-Authenticate", "MD5",
                    user, password, "REGISTER", "sip:" + REALM, "00000002"));
            assertThat(phone.finalResponse().status()).isEqualTo(500);
        }
    }

    @Test
    void deactivationEndsTheRegistrationAndRefusesTheNext() {
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        String user = credential.get("sip_username").asText();
        String password = credential.get("sip_password").asText();
        try (SipTestClient phone = new SipTestClient(sipPort, REALM)) {
            assertThat(phone.registerWithPassword(user, password, phone.contact(user), "600").status()).isEqualTo(200);
            api.post("/v2/telephony_credentials/" + credential.get("id").asText() + "/actions/deactivate", null);
            assertThat(api.get("/v2/registrations?filter[sip_username]=" + user).data()).isEmpty();
            assertThat(phone.registerWithPassword(user, password, phone.contact(user), "600").status()).isEqualTo(403);
        }
    }

    @Test
    void retransmittedAuthenticatedRegisterGetsTheSameAnswerWithoutNewWork() {
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        String user = credential.get("sip_username").asText();
        try (SipTestClient phone = new SipTestClient(sipPort, REALM)) {
            String authenticated = phone.registerAnswering(user, credential.get("sip_password").asText(), "MD5",
                    phone.contact(user), "600");
            Message first = phone.finalResponse();
            assertThat(first.status()).isEqualTo(200);
            // The same nonce count again would be refused as a replay if the request were processed anew.
            phone.sendRaw(authenticated);
            Message again = phone.finalResponse();
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.header("To")).isEqualTo(first.header("To"));
            assertThat(again.text()).isEqualTo(first.text());
        }
    }

    @Test
    void registerWithoutCredentialsIsChallengedWithoutKeepingATransaction() {
        try (SipTestClient phone = new SipTestClient(sipPort, REALM)) {
            int before = telcred.server().sip().pendingTransactions();
            for (int i = 0; i < 20; i++) {
                phone.register("stateless" + i, UUID.randomUUID().toString(), 1, phone.contact("stateless" + i), "600", null);
                assertThat(phone.finalResponse().status()).isEqualTo(401);
            }
            assertThat(telcred.server().sip().pendingTransactions()).isLessThanOrEqualTo(before);
            // A retransmission is challenged again, with a fresh nonce.
            String request = phone.register("stateless", UUID.randomUUID().toString(), 1, phone.contact("stateless"), "600", null);
            Message first = phone.finalResponse();
            phone.sendRaw(request);
            Message again = phone.finalResponse();
            assertThat(again.status()).isEqualTo(401);
            assertThat(again.header("WWW-Authenticate")).isNotEqualTo(first.header("WWW-Authenticate"));
        }
    }

    @Test
    void optionsToTheServerIsAnswered() {
        try (SipTestClient phone = new SipTestClient(sipPort, REALM)) {
            phone.sendRaw("OPTIONS sip:127.0.0.1:" + sipPort + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + phone.port()
                    + ";branch=z9hG4bKopt" + UUID.randomUUID() + "\r\nMax-Forwards: 70\r\nFrom: <sip:ping@example.com>;tag=1\r\n"
                    + "To: <sip:127.0.0.1>\r\nCall-ID: " + UUID.randomUUID() + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
            Message ok = phone.finalResponse();
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("Allow")).contains("INVITE");
        }
    }

    @Test
    void garbageOverUdpIsDroppedSilently() {
        try (SipTestClient phone = new SipTestClient(sipPort, REALM)) {
            phone.sendRaw("this is not SIP\r\n\r\n");
            phone.sendRaw("INVITE sip:x SIP/2.0\r\nVia: nonsense\r\n\r\n");
            assertThat(phone.receive(500)).isNull();
        }
    }
}
