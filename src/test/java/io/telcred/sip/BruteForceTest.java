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
import org.junit.jupiter.api.Test;

/**
 * Repeated wrong passwords slow and then refuse that user from that address, and nobody else;
 * only a scan bans an address.
 */
class BruteForceTest {

    private static final String REALM = "sip.telcred.local";

    @Test
    void aFewTyposNeverStopAUser() {
        try (TestTelcred telcred = TestTelcred.start()) {
            JsonNode credential = credential(telcred.client());
            String user = credential.get("sip_username").asText();
            try (SipTestClient phone = new SipTestClient(telcred.server().sip().port(Transport.UDP), REALM)) {
                for (int i = 0; i < 4; i++) {
                    assertThat(phone.registerWithPassword(user, "typo" + i, phone.contact(user), "600").status()).isEqualTo(401);
                }
                assertThat(phone.registerWithPassword(user, credential.get("sip_password").asText(), phone.contact(user), "600")
                        .status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aUserWhoKeepsFailingIsSlowedThenRefusedWhileOthersBehindTheSameAddressGoOn() {
        try (TestTelcred telcred = TestTelcred.start(Map.of("TELCRED_SIP_AUTH_SLOW_AFTER", "3",
                "TELCRED_SIP_AUTH_SLOW_DELAY_MS", "300", "TELCRED_SIP_AUTH_REFUSE_AFTER", "6"))) {
            ApiClient api = telcred.client();
            JsonNode looping = credential(api);
            JsonNode colleague = credential(api);
            String user = looping.get("sip_username").asText();
            int port = telcred.server().sip().port(Transport.UDP);
            try (SipTestClient phone = new SipTestClient(port, REALM); SipTestClient desk = new SipTestClient(port, REALM)) {
                for (int i = 0; i < 6; i++) {
                    long start = System.nanoTime();
                    assertThat(phone.registerWithPassword(user, "wrong" + i, phone.contact(user), "600").status()).isEqualTo(401);
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    if (i >= 3) {
                        assertThat(millis).as("answer %d is held back", i).isGreaterThanOrEqualTo(300);
                    }
                    // Another user behind the same address is never slowed.
                    long deskStart = System.nanoTime();
                    String deskUser = colleague.get("sip_username").asText();
                    assertThat(desk.registerWithPassword(deskUser, colleague.get("sip_password").asText(), desk.contact(deskUser),
                            "600").status()).isEqualTo(200);
                    assertThat((System.nanoTime() - deskStart) / 1_000_000).isLessThan(300);
                }
                Message refused = phone.registerWithPassword(user, looping.get("sip_password").asText(), phone.contact(user), "600");
                assertThat(refused.status()).as("refused for a while, even with the right password").isEqualTo(403);
                assertThat(refused.startLine()).contains("too many failed attempts");
                assertThat(api.get("/v2/registrations?filter[sip_username]=" + user).data()).isEmpty();
            }
        }
    }

    @Test
    void aRetransmissionOfAHeldAnswerIsAbsorbedNotChallengedAgain() {
        try (TestTelcred telcred = TestTelcred.start(Map.of("TELCRED_SIP_AUTH_SLOW_AFTER", "1",
                "TELCRED_SIP_AUTH_SLOW_DELAY_MS", "600"))) {
            JsonNode credential = credential(telcred.client());
            String user = credential.get("sip_username").asText();
            try (SipTestClient phone = new SipTestClient(telcred.server().sip().port(Transport.UDP), REALM)) {
                assertThat(phone.registerWithPassword(user, "wrong", phone.contact(user), "600").status()).isEqualTo(401);
                String callId = UUID.randomUUID().toString();
                phone.register(user, callId, phone.nextCseq(), phone.contact(user), "600", null);
                Message challenge = phone.finalResponse();
                String held = phone.register(user, callId, phone.nextCseq(), phone.contact(user), "600",
                        phone.authorization(challenge, "WWW-Authenticate", "MD5", user, "wrong-again", "REGISTER", "sip:" + REALM,
                                "00000001"));
                phone.sendRaw(held);
                phone.sendRaw(held);
                Message answer = phone.finalResponse();
                assertThat(answer.status()).isEqualTo(401);
                assertThat(phone.receive(1_000)).as("the retransmissions got no answer of their own").isNull();
                phone.sendRaw(held);
                assertThat(phone.finalResponse().text()).as("one after the answer gets the same answer").isEqualTo(answer.text());
            }
        }
    }

    @Test
    void scannerTryingManyUserNamesIsBannedAndOthersGoOn() {
        try (TestTelcred telcred = TestTelcred.start(Map.of("TELCRED_SIP_AUTH_BAN_USERNAMES", "5"))) {
            JsonNode credential = credential(telcred.client());
            String user = credential.get("sip_username").asText();
            int port = telcred.server().sip().port(Transport.UDP);
            try (SipTestClient scanner = new SipTestClient(port, REALM, "127.0.0.1");
                 SipTestClient office = new SipTestClient(port, REALM, "127.0.0.2")) {
                for (int i = 0; i < 5; i++) {
                    String name = "probe" + i + "user";
                    assertThat(scanner.registerWithPassword(name, "x", scanner.contact(name), "600").status()).isEqualTo(401);
                }
                scanner.register("probe9user", UUID.randomUUID().toString(), 1, scanner.contact("probe9user"), "600", null);
                assertThat(scanner.receive(1000)).as("a banned address gets no answer over UDP").isNull();
                assertThat(office.registerWithPassword(user, credential.get("sip_password").asText(), office.contact(user), "600")
                        .status()).isEqualTo(200);
            }
        }
    }

    @Test
    void oneUnknownUserNameRepeatedIsRefusedLikeAKnownOneNotBanned() {
        try (TestTelcred telcred = TestTelcred.start(Map.of("TELCRED_SIP_AUTH_SLOW_DELAY_MS", "0",
                "TELCRED_SIP_AUTH_REFUSE_AFTER", "4"))) {
            JsonNode credential = credential(telcred.client());
            String user = credential.get("sip_username").asText();
            try (SipTestClient phone = new SipTestClient(telcred.server().sip().port(Transport.UDP), REALM)) {
                for (int i = 0; i < 4; i++) {
                    assertThat(phone.registerWithPassword("typoeduser", "x", phone.contact("typoeduser"), "600").status())
                            .isEqualTo(401);
                }
                Message refused = phone.registerWithPassword("typoeduser", "x", phone.contact("typoeduser"), "600");
                assertThat(refused.status()).isEqualTo(403);
                assertThat(phone.registerWithPassword(user, credential.get("sip_password").asText(), phone.contact(user), "600")
                        .status()).as("the address is not banned").isEqualTo(200);
            }
        }
    }

    private static JsonNode credential(ApiClient api) {
        return credentialUnder(api, connection(api).get("id").asText());
    }
}
