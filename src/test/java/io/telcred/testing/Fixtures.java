package io.telcred.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.atomic.AtomicInteger;

/** Objects most API tests need, made through the API itself. */
public final class Fixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Fixtures() {
    }

    /** A user name no other test uses: the uniqueness rule spans the whole installation. */
    public static String uniqueUserName() {
        return "user" + System.nanoTime() % 1_000_000_000L + SEQUENCE.incrementAndGet();
    }

    public static JsonNode connection(ApiClient client) {
        return connection(client, uniqueUserName(), "Office");
    }

    public static JsonNode connection(ApiClient client, String userName, String name) {
        ApiClient.Response response = client.post("/v2/credential_connections",
                "{\"user_name\":\"" + userName + "\",\"password\":\"correct-horse-1\",\"connection_name\":\"" + name + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.data();
    }

    public static JsonNode credentialUnder(ApiClient client, String connectionId) {
        return createCredential(client, "{\"connection_id\":\"" + connectionId + "\"}");
    }

    public static JsonNode createCredential(ApiClient client, String json) {
        ApiClient.Response response = client.post("/v2/telephony_credentials", json);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.data();
    }
}
