package io.telcred.http;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.location.Transport;
import io.telcred.sip.SipTestClient;
import io.telcred.testing.ApiClient;
import io.telcred.testing.ApiClient.Response;
import io.telcred.testing.TestTelcred;
import io.telcred.testing.UnplugableDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * While the database cannot be reached, a request that needs it is answered 503 with Retry-After
 * in the error envelope, at once rather than after a long wait; {@code /ready} says so while
 * {@code /health} stays 200; logins already in memory keep working; and everything comes back by
 * itself when the database does.
 */
class DatabaseOutageTest {

    private static final String CREDENTIALS = "/v2/telephony_credentials";
    /** Far above the 500 ms pool wait, far below the 10 s the server used to hang. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final Duration RECOVERY = Duration.ofSeconds(10);

    private UnplugableDatabase database;
    private TestTelcred telcred;
    private ApiClient api;

    @BeforeEach
    void start() {
        database = new UnplugableDatabase();
        // No key cache: every request asks the database for its API key, as when the cached one expired.
        telcred = TestTelcred.start(Map.of("TELCRED_DATABASE_URL", database.url(), "TELCRED_DATABASE_USER", "sa",
                "TELCRED_DATABASE_RETRY_AFTER_SECONDS", "3", "TELCRED_API_KEY_CACHE_SECONDS", "0"));
        api = telcred.client();
    }

    @AfterEach
    void stop() {
        telcred.close();
        database.close();
    }

    @Test
    void requestsThatNeedTheDatabaseAreAnswered503WithRetryAfterAndChangeNothing() {
        String connectionId = connection(api).get("id").asText();
        credentialUnder(api, connectionId);
        long before = total();

        database.unplug();

        long started = System.nanoTime();
        Response refused = api.post(CREDENTIALS, "{\"connection_id\":\"" + connectionId + "\"}");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(took).isLessThan(PROMPTLY);
        assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("3");
        assertThat(refused.contentType()).startsWith("application/json");
        JsonNode error = refused.error();
        assertThat(error.get("code").asText()).isEqualTo("10008");
        assertThat(error.get("detail").asText()).contains("database").doesNotContain("jdbc").doesNotContain("127.0.0.1");

        assertThat(api.get(CREDENTIALS).status()).isEqualTo(503);
        // A key the server has not seen cannot be judged either: unavailable, not "wrong key".
        assertThat(telcred.client("KEY0123456789ABCDEF0123456789ABCDEF_abcdefghijklmnopqrstuv").get(CREDENTIALS).status())
                .isEqualTo(503);

        database.plugIn();

        assertThat(eventually(() -> api.get(CREDENTIALS).status() == 200)).isTrue();
        assertThat(total()).isEqualTo(before);
        assertThat(api.post(CREDENTIALS, "{\"connection_id\":\"" + connectionId + "\"}").status()).isEqualTo(201);
    }

    /**
     * Many clients at once, all asking for the same API key: none waits on another. When each
     * request in turn waited the pool's timeout to probe the database, the clients queued on the key
     * cache's lock added up those waits, and the unluckiest heard 503 after seconds.
     */
    @Test
    void concurrentRequestsAreAllRefusedPromptly() throws Exception {
        String connectionId = connection(api).get("id").asText();
        database.unplug();
        assertThat(api.get(CREDENTIALS).status()).isEqualTo(503);

        int clients = 16;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Duration>> slowest = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                slowest.add(pool.submit(() -> {
                    Duration worst = Duration.ZERO;
                    for (int round = 0; round < 5; round++) {
                        long started = System.nanoTime();
                        Response answer = round % 2 == 0 ? api.get(CREDENTIALS)
                                : api.post(CREDENTIALS, "{\"connection_id\":\"" + connectionId + "\"}");
                        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
                        Duration took = Duration.ofNanos(System.nanoTime() - started);
                        worst = took.compareTo(worst) > 0 ? took : worst;
                    }
                    return worst;
                }));
            }
            for (Future<Duration> client : slowest) {
                assertThat(client.get(60, TimeUnit.SECONDS)).isLessThan(Duration.ofSeconds(2));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readyFollowsTheDatabaseWhileHealthStaysUp() {
        ApiClient anonymous = telcred.client(null);
        assertThat(anonymous.get("/ready").status()).isEqualTo(200);
        assertThat(anonymous.get("/ready").json().get("status").asText()).isEqualTo("ready");

        database.unplug();

        Response notReady = anonymous.get("/ready");
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.json().get("status").asText()).isEqualTo("not_ready");
        assertThat(notReady.json().get("checks").get("database").asText()).isEqualTo("unreachable");
        assertThat(anonymous.get("/health").status()).isEqualTo(200);

        database.plugIn();

        assertThat(eventually(() -> anonymous.get("/ready").status() == 200)).isTrue();
    }

    @Test
    void aLoginAlreadyInMemoryKeepsRegistering() {
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        String user = credential.get("sip_username").asText();
        String password = credential.get("sip_password").asText();
        int sipPort = telcred.server().sip().port(Transport.UDP);
        try (SipTestClient phone = new SipTestClient(sipPort, "sip.telcred.local")) {
            assertThat(phone.registerWithPassword(user, password, phone.contact(user), "600").status()).isEqualTo(200);

            database.unplug();

            assertThat(phone.registerWithPassword(user, password, phone.contact(user), "600").status()).isEqualTo(200);
        }
    }

    @Test
    void aLoginNotInMemoryIsAnswered503WithRetryAfterNotSilence() {
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        String user = credential.get("sip_username").asText();
        int sipPort = telcred.server().sip().port(Transport.UDP);
        try (SipTestClient phone = new SipTestClient(sipPort, "sip.telcred.local")) {
            database.unplug();

            long started = System.nanoTime();
            SipTestClient.Message answer = phone.registerWithPassword(user, credential.get("sip_password").asText(),
                    phone.contact(user), "600");
            assertThat(answer.status()).as(answer.text()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isEqualTo("3");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROMPTLY);

            database.plugIn();
            assertThat(eventually(() -> phone.registerWithPassword(user, credential.get("sip_password").asText(),
                    phone.contact(user), "600").status() == 200)).isTrue();
        }
    }

    private long total() {
        return api.get(CREDENTIALS + "?page[size]=1").json().get("meta").get("total_results").asLong();
    }

    /** Requests are refused until a probe in the background finds the database back (twice a second at most). */
    private static boolean eventually(java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + RECOVERY.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            sleep(50);
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
