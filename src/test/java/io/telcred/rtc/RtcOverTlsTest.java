package io.telcred.rtc;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.sip.transport.DevelopmentCertificate;
import io.telcred.testing.ApiClient;
import io.telcred.testing.RtcTestClient;
import io.telcred.testing.TestTelcred;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a certificate configured, the HTTPS port serves /rtc as wss (the only scheme the Android and Flutter SDKs use). */
class RtcOverTlsTest {

    @Test
    void sessionOverWssLogsInAndIsAWssRegistration(@TempDir Path dir) throws Exception {
        Path certificate = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        DevelopmentCertificate.write(certificate, key, "localhost", Duration.ofDays(1));
        try (TestTelcred telcred = TestTelcred.start(Map.of("TELCRED_SIP_TLS_CERTIFICATE", certificate.toString(),
                "TELCRED_SIP_TLS_PRIVATE_KEY", key.toString()))) {
            ApiClient api = telcred.newAccountClient("wss");
            JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
            int httpsPort = telcred.server().rest().httpsPort();
            assertThat(httpsPort).isPositive().isNotEqualTo(telcred.server().httpPort());
            try (RtcTestClient client = RtcTestClient.connectSecure(httpsPort)) {
                client.loginWithPassword(credential.get("sip_username").asText(), credential.get("sip_password").asText());
                JsonNode registrations = api.get("/v2/registrations").data();
                assertThat(registrations).hasSize(1);
                assertThat(registrations.get(0).path("transport").asText()).isEqualTo("WSS");
            }
            // The plain HTTP port still serves the API.
            assertThat(api.get("/v2/registrations").status()).isEqualTo(200);
        }
    }
}
