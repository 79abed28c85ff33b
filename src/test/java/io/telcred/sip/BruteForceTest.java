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

/** Repeated authentication failures from one source slow it and then ban it, and nobody else. */
class BruteForceTest {

    private static final String REALM = "sip.telcred.local";

    @Test
    void aFewTyposNeverBanAUser() {
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
    void guessingSourceIsBannedWhileOthersGoOn() {
        try (TestTelcred telcred = TestTelcred.start(Map.of("TELCRED_SIP_AUTH_BAN_AFTER", "6",
                "TELCRED_SIP_AUTH_SLOW_AFTER", "3", "TELCRED_SIP_AUTH_SLOW_DELAY_MS", "300"))) {
            JsonNode credential = credential(telcred.client());
            String user = credential.get("sip_username").asText();
            String password = credential.get("sip_password").asText();
            int port = telcred.server().sip().port(Transport.UDP);
            try (SipTestClient scanner = new SipTestClient(port, REALM, "127.0.0.1");
                 SipTestClient office = new SipTestClient(port, REALM, "127.0.0.2")) {
                long slowStart = 0;
                for (int i = 0; i < 6; i++) {
                    if (i == 4) {
                        slowStart = System.nanoTime();
                    }
                    assertThat(scanner.registerWithPassword(user, "guess" + i, scanner.contact(user), "600").status()).isEqualTo(401);
                    if (i == 4) {
                        // past the slow-down threshold each answer waits
                        assertThat((System.nanoTime() - slowStart) / 1_000_000).isGreaterThanOrEqualTo(300);
                    }
                }
                scanner.register(user, UUID.randomUUID().toString(), 1, scanner.contact(user), "600", null);
                assertThat(scanner.receive(1000)).as("banned source gets no answer over UDP").isNull();

                Message ok = office.registerWithPassword(user, password, office.contact(user), "600");
                assertThat(ok.status()).isEqualTo(200);
            }
        }
    }

    @Test
    void scannerTryingManyUserNamesIsBanned() {
        try (TestTelcred telcred = TestTelcred.start(Map.of("TELCRED_SIP_AUTH_BAN_USERNAMES", "5", "TELCRED_SIP_AUTH_SLOW_AFTER", "100"))) {
            try (SipTestClient scanner = new SipTestClient(telcred.server().sip().port(Transport.UDP), REALM)) {
                for (int i = 0; i < 5; i++) {
                    String name = "probe" + i + "user";
                    assertThat(scanner.registerWithPassword(name, "x", scanner.contact(name), "600").status()).isEqualTo(401);
                }
                scanner.register("probe9user", UUID.randomUUID().toString(), 1, scanner.contact("probe9user"), "600", null);
                assertThat(scanner.receive(1000)).isNull();
            }
        }
    }

    private static JsonNode credential(ApiClient api) {
        return credentialUnder(api, connection(api).get("id").asText());
    }
}
