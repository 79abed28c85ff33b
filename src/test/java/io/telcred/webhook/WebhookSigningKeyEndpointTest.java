package io.telcred.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.testing.ApiClient;
import io.telcred.testing.TestTelcred;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSigningKeyEndpointTest {

    @Test
    void theKeyIsPublishedWithoutAnApiKeyAndVerifiesWhatTheServerSigns() {
        try (TestTelcred telcred = TestTelcred.start()) {
            ApiClient.Response response = telcred.client(null).get("/.well-known/telcred/webhook-signing-key");
            assertThat(response.status()).isEqualTo(200);
            JsonNode key = response.json();
            assertThat(key.get("algorithm").asText()).isEqualTo("Ed25519");
            WebhookSigner signer = telcred.server().platform().webhookSigner();
            assertThat(key.get("public_key").asText()).isEqualTo(signer.publicKey());
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            WebhookSigner.SignedHeaders headers = signer.sign(42, body);
            assertThat(Ed25519Verifier.verifies(key.get("public_key").asText(), "42", body, headers.signature())).isTrue();
        }
    }
}
