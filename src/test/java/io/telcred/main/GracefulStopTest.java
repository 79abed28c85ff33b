package io.telcred.main;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static io.telcred.testing.Fixtures.uniqueUserName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.location.Transport;
import io.telcred.sip.SipTestClient;
import io.telcred.sip.SipTestClient.Message;
import io.telcred.testing.ApiClient;
import io.telcred.testing.ApiClient.Response;
import io.telcred.testing.RtcTestClient;
import io.telcred.testing.TestTelcred;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A graceful stop against a whole telcred: while it drains, a new REGISTER and a new API request
 * are answered 503 with Retry-After and {@code /ready} says so, while the request already in
 * flight completes; then WebSockets close with 1012 and the process's parts stop.
 */
class GracefulStopTest {

    private static final String REALM = "sip.telcred.local";

    @Test
    void drainRefusesNewWorkFinishesWorkInFlightAndClosesWebSocketsWithARestartHint() throws Exception {
        try (TestTelcred telcred = TestTelcred.start(Map.of("TELCRED_SHUTDOWN_GRACE_SECONDS", "30",
                "TELCRED_SHUTDOWN_RETRY_AFTER_SECONDS", "7"))) {
            ApiClient api = telcred.client();
            JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
            RtcTestClient browser = RtcTestClient.loggedIn(telcred, credential);
            String body = "{\"user_name\":\"" + uniqueUserName() + "\",\"password\":\"Graceful-Stop-1\",\"connection_name\":\"drain\"}";
            try (Socket slow = new Socket("127.0.0.1", telcred.server().httpPort());
                 SipTestClient phone = new SipTestClient(telcred.server().sip().port(Transport.UDP), REALM)) {
                // A request in flight: its headers and half its body are in, the rest comes during the drain.
                OutputStream out = slow.getOutputStream();
                out.write(("POST /v2/credential_connections HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + TestTelcred.BOOTSTRAP_KEY + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body.substring(0, 10))
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(eventually(() -> telcred.server().rest().requestsInFlight() == 1)).isTrue();

                CompletableFuture<Void> stopping = CompletableFuture.runAsync(telcred.server()::stopGracefully);
                ApiClient anonymous = telcred.client(null);
                assertThat(eventually(() -> anonymous.get("/ready").status() == 503)).isTrue();
                Response ready = anonymous.get("/ready");
                assertThat(ready.json().get("checks").get("shutdown").asText()).isEqualTo("draining");
                assertThat(ready.json().get("checks").get("database").asText()).isEqualTo("ok");

                phone.register("someone1", UUID.randomUUID().toString(), 1, phone.contact("someone1"), "600", null);
                Message refused = phone.finalResponse();
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("7");

                Response busy = api.get("/v2/credential_connections");
                assertThat(busy.status()).isEqualTo(503);
                assertThat(busy.raw().headers().firstValue("Retry-After")).contains("7");
                assertThat(stopping).isNotDone();

                out.write(body.substring(10).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answer = readAll(slow.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 201").contains("\"record_type\":\"credential_connection\"");

                stopping.get(20, TimeUnit.SECONDS);
                assertThat(browser.awaitClose()).isEqualTo(GracefulShutdown.SERVICE_RESTART);
                assertThat(telcred.server().sip().listening()).isFalse();
            }
        }
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
