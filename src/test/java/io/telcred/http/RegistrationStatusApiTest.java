package io.telcred.http;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.location.Binding;
import io.telcred.location.Location;
import io.telcred.location.Transport;
import io.telcred.testing.ApiClient;
import io.telcred.testing.TestTelcred;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RegistrationStatusApiTest {

    private static TestTelcred telcred;
    private static ApiClient api;
    /** The account of the API key: a binding lives under its login's account. */
    private static String accountId;
    private static Location location;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start();
        accountId = telcred.server().platform().accounts().createAccount("registrations").id();
        api = telcred.client(telcred.server().platform().accounts().createApiKey(accountId, "test").plaintext());
        location = telcred.server().platform().location();
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void unregisteredConnectionSaysNotRegistered() {
        JsonNode c = connection(api);
        ApiClient.Response response = api.post(statusPath(c), null);
        assertThat(response.status()).isEqualTo(200);
        JsonNode data = response.data();
        assertThat(data.get("record_type").asText()).isEqualTo("registration_status");
        assertThat(data.get("status").asText()).isEqualTo("Not Registered");
        assertThat(data.get("sip_username").asText()).isEqualTo(c.get("user_name").asText());
        assertThat(data.get("ip_address").isNull()).isTrue();
    }

    @Test
    void registeredConnectionShowsItsNewestBinding() {
        JsonNode c = connection(api);
        location.put(binding(c, "sip:a@192.0.2.10:5060", "192.0.2.10", Instant.now().minusSeconds(30)));
        location.put(binding(c, "sip:a@192.0.2.11:5062", "192.0.2.11", Instant.now()));
        JsonNode data = api.post(statusPath(c), null).data();
        assertThat(data.get("status").asText()).isEqualTo("Registered");
        assertThat(data.get("ip_address").asText()).isEqualTo("192.0.2.11");
        assertThat(data.get("port").intValue()).isEqualTo(5062);
        assertThat(data.get("transport").asText()).isEqualTo("UDP");
        assertThat(data.get("user_agent").asText()).isEqualTo("test-phone/1.0");
        assertThat(data.get("last_registration").asText()).endsWith("Z");
    }

    @Test
    void deactivatingTheConnectionEndsItsRegistrationsAtOnce() {
        JsonNode c = connection(api);
        JsonNode credential = credentialUnder(api, c.get("id").asText());
        location.put(binding(c, "sip:a@192.0.2.20:5060", "192.0.2.20", Instant.now()));
        location.put(new Binding(credential.get("sip_username").asText(), "acct", c.get("id").asLong(),
                credential.get("id").asText(), "sip:b@192.0.2.21", null, 0, List.of(), Transport.WS, "192.0.2.21", 40000,
                "ws-1", "SIP.js", "call-1", 1, Instant.now(), Instant.now().plusSeconds(600)));

        api.patch("/v2/credential_connections/" + c.get("id").asText(), "{\"active\":false}");

        assertThat(api.post(statusPath(c), null).data().get("status").asText()).isEqualTo("Not Registered");
        assertThat(location.bindings(credential.get("sip_username").asText())).isEmpty();
    }

    @Test
    void deletingACredentialEndsItsRegistrationsAtOnce() {
        JsonNode c = connection(api);
        JsonNode credential = credentialUnder(api, c.get("id").asText());
        String name = credential.get("sip_username").asText();
        location.put(new Binding(name, "acct", c.get("id").asLong(), credential.get("id").asText(), "sip:b@192.0.2.30",
                null, 0, List.of(), Transport.TCP, "192.0.2.30", 5060, "tcp-1", "baresip", "call-2", 1, Instant.now(),
                Instant.now().plusSeconds(600)));
        assertThat(location.bindings(name)).hasSize(1);
        api.delete("/v2/telephony_credentials/" + credential.get("id").asText());
        assertThat(location.bindings(name)).isEmpty();
    }

    private static String statusPath(JsonNode connection) {
        return "/v2/credential_connections/" + connection.get("id").asText() + "/actions/check_registration_status";
    }

    private static Binding binding(JsonNode connection, String contact, String address, Instant at) {
        return new Binding(connection.get("user_name").asText(), accountId, connection.get("id").asLong(), null, contact,
                null, 0, List.of(), Transport.UDP, address, Integer.parseInt(contact.substring(contact.lastIndexOf(':') + 1)),
                null, "test-phone/1.0", "call-" + contact, 1, at, at.plusSeconds(3600));
    }
}
