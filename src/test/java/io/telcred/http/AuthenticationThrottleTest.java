package io.telcred.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.testing.ApiClient.Response;
import io.telcred.testing.TestTelcred;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticationThrottleTest {

    @Test
    void sourceGuessingKeysIsSlowedWithRetryAfter() {
        try (TestTelcred telcred = TestTelcred.start(Map.of("TELCRED_API_AUTH_FAILURES_PER_MINUTE", "3"))) {
            for (int i = 0; i < 3; i++) {
                assertThat(telcred.client("KEYguess" + i + "_xxxxxxxxxxxxxxxxxxxxxx").get("/v2/telephony_credentials").status())
                        .isEqualTo(401);
            }
            Response throttled = telcred.client("KEYguess9_xxxxxxxxxxxxxxxxxxxxxx").get("/v2/telephony_credentials");
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.error().get("code").asText()).isEqualTo("10011");
            assertThat(throttled.raw().headers().firstValue("Retry-After")).hasValue("60");
            // Even the right key waits out the minute from a source that has been guessing.
            assertThat(telcred.client().get("/v2/telephony_credentials").status()).isEqualTo(429);
        }
    }
}
