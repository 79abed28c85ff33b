package io.telcred.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.testing.ApiClient.Response;
import io.telcred.testing.TestTelcred;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    @Test
    void behindAReverseProxyOneClientsGuessesDoNotSlowTheOthers() throws Exception {
        // The tests connect from loopback, which this server takes for its reverse proxy.
        try (TestTelcred telcred = TestTelcred.start(Map.of("TELCRED_API_AUTH_FAILURES_PER_MINUTE", "3",
                "TELCRED_REVERSE_PROXIES", "127.0.0.1/32, ::1"))) {
            for (int i = 0; i < 3; i++) {
                assertThat(get(telcred, "KEYguess" + i + "_xxxxxxxxxxxxxxxxxxxxxx", "203.0.113.9")).isEqualTo(401);
            }
            assertThat(get(telcred, "KEYguess9_xxxxxxxxxxxxxxxxxxxxxx", "203.0.113.9")).isEqualTo(429);
            // A header the guesser writes itself changes nothing: the proxy appends what it saw.
            assertThat(get(telcred, TestTelcred.BOOTSTRAP_KEY, "198.51.100.7, 203.0.113.9")).isEqualTo(429);
            assertThat(get(telcred, TestTelcred.BOOTSTRAP_KEY, "203.0.113.10")).isEqualTo(200);
        }
    }

    private static int get(TestTelcred telcred, String apiKey, String forwardedFor) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(telcred.baseUrl() + "/v2/telephony_credentials"))
                .header("Authorization", "Bearer " + apiKey).header("X-Forwarded-For", forwardedFor).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
