package io.telcred.rtc;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static io.telcred.testing.RtcTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.location.Transport;
import io.telcred.sip.SipTestClient;
import io.telcred.testing.ApiClient;
import io.telcred.testing.RtcTestClient;
import io.telcred.testing.TestTelcred;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failed WebRTC logins count in the same limiter as SIP digest answers: a guesser gains nothing by switching doors. */
class RtcBruteForceTest {

    @Test
    void wrongPasswordsOverRtcRefuseTheUserOverRtcAndSipFromThatAddressOnly() {
        try (TestTelcred telcred = TestTelcred.start(Map.of("TELCRED_SIP_AUTH_SLOW_AFTER", "2",
                "TELCRED_SIP_AUTH_SLOW_DELAY_MS", "0", "TELCRED_SIP_AUTH_REFUSE_AFTER", "3"))) {
            ApiClient api = telcred.newAccountClient("guessing");
            String connectionId = connection(api).get("id").asText();
            JsonNode victim = credentialUnder(api, connectionId);
            JsonNode colleague = credentialUnder(api, connectionId);
            String user = victim.get("sip_username").asText();
            for (int i = 0; i < 3; i++) {
                try (RtcTestClient guesser = RtcTestClient.connect(telcred)) {
                    assertThat(guesser.call("login", params().put("login", user).put("passwd", "guess" + i))
                            .path("error").path("code").asInt()).isEqualTo(-32001);
                }
            }
            try (RtcTestClient rightPassword = RtcTestClient.connect(telcred)) {
                JsonNode refused = rightPassword.call("login", params().put("login", user)
                        .put("passwd", victim.get("sip_password").asText()));
                assertThat(refused.path("error").path("code").asInt()).isEqualTo(-32001);
                assertThat(refused.path("error").path("data").path("detail").asText()).contains("too many failed attempts");
            }
            try (SipTestClient phone = new SipTestClient(telcred.server().sip().port(Transport.UDP), "sip.telcred.local")) {
                assertThat(phone.registerWithPassword(user, victim.get("sip_password").asText(), phone.contact(user), "600")
                        .status()).isEqualTo(403);
            }
            // Another user on the same address is not affected.
            try (RtcTestClient other = RtcTestClient.loggedIn(telcred, colleague)) {
                assertThat(other.sessid()).isNotBlank();
            }
        }
    }
}
