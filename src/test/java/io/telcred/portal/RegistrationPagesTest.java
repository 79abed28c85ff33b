package io.telcred.portal;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static io.telcred.testing.Fixtures.uniqueUserName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telcred.location.Transport;
import io.telcred.sip.SipTestClient;
import io.telcred.testing.ApiClient;
import io.telcred.testing.EventStream;
import io.telcred.testing.EventStream.Event;
import io.telcred.testing.PortalClient;
import io.telcred.testing.PortalClient.Page;
import io.telcred.testing.TestTelcred;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registrations page: a phone's REGISTER shows on the page and in its event stream within
 * seconds and goes with its unREGISTER; the connection filter narrows both; another account's
 * owner sees none of it; the stream is for signed-in users only, a few at a time.
 */
class RegistrationPagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SOON = Duration.ofSeconds(5);

    /** Fewer than the default, to see that the setting is the limit. */
    private static final int STREAMS_PER_USER = 3;

    private static TestTelcred telcred;
    private static ApiClient api;
    private static PortalClient owner;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start(Map.of("TELCRED_PORTAL_STREAMS_PER_USER", Integer.toString(STREAMS_PER_USER)));
        api = telcred.client();
        owner = telcred.portal();
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void aRegisterShowsOnThePageAndInTheStreamAndAnUnregisterTakesItAway() {
        JsonNode credential = credentialUnder(api, connection(api, uniqueUserName(), "Front desk")
                .get("id").asText());
        String user = credential.get("sip_username").asText();
        try (SipTestClient phone = phone(); EventStream stream = new EventStream(owner.events("/registrations/events"))) {
            assertThat(stream.status()).isEqualTo(200);
            stream.await(e -> e.name().equals("registrations") && row(e, user) == null, SOON);

            register(phone, credential, "600");

            JsonNode row = row(stream.await(e -> row(e, user) != null, SOON), user);
            assertThat(row.get("connectionName").asText()).isEqualTo("Front desk");
            assertThat(row.get("transport").asText()).isEqualTo("UDP");
            assertThat(row.get("address").asText()).isEqualTo("127.0.0.1:" + phone.port());
            assertThat(row.get("userAgent").asText()).isEqualTo("telcred-test");
            Page page = owner.get("/registrations");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"registrations\"").contains("data-user=\"" + user + "\"")
                    .contains("Front desk").contains("127.0.0.1:" + phone.port()).contains("telcred-test");

            register(phone, credential, "0");

            stream.await(e -> row(e, user) == null, SOON);
            assertThat(owner.get("/registrations").body()).doesNotContain("data-user=\"" + user + "\"");
        }
    }

    @Test
    void theConnectionFilterNarrowsThePageAndTheStream() {
        String firstConnection = connection(api).get("id").asText();
        JsonNode first = credentialUnder(api, firstConnection);
        JsonNode second = credentialUnder(api, connection(api).get("id").asText());
        String firstUser = first.get("sip_username").asText();
        String secondUser = second.get("sip_username").asText();
        try (SipTestClient firstPhone = phone(); SipTestClient secondPhone = phone()) {
            register(firstPhone, first, "600");
            register(secondPhone, second, "600");

            assertThat(owner.get("/registrations").body()).contains("data-user=\"" + firstUser + "\"")
                    .contains("data-user=\"" + secondUser + "\"");
            Page narrowed = owner.get("/registrations?connection=" + firstConnection);
            assertThat(narrowed.body()).contains("data-user=\"" + firstUser + "\"")
                    .doesNotContain("data-user=\"" + secondUser + "\"")
                    .contains("<option value=\"" + firstConnection + "\" selected>");
            try (EventStream stream = new EventStream(owner.events("/registrations/events?connection=" + firstConnection))) {
                Event event = stream.await(e -> row(e, firstUser) != null, SOON);
                assertThat(row(event, secondUser)).isNull();
                assertThat(rows(event)).allMatch(r -> r.get("connectionId").asText().equals(firstConnection));
            }
        }
    }

    @Test
    void anotherAccountsOwnerSeesNeitherTheRowNorItsEvents() {
        String connectionId = connection(api).get("id").asText();
        JsonNode credential = credentialUnder(api, connectionId);
        String user = credential.get("sip_username").asText();
        PortalClient stranger = telcred.newAccountPortal("other");
        try (SipTestClient phone = phone(); EventStream stream = new EventStream(stranger.events("/registrations/events"))) {
            stream.await(e -> e.name().equals("registrations"), SOON);

            register(phone, credential, "600");

            assertThat(owner.get("/registrations").body()).contains("data-user=\"" + user + "\"");
            Page page = stranger.get("/registrations");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).doesNotContain(user).contains("No one is registered");
            assertThat(stranger.get("/registrations?connection=" + connectionId).status()).isEqualTo(404);
            try (EventStream narrowed = new EventStream(stranger.events("/registrations/events?connection=" + connectionId))) {
                assertThat(narrowed.status()).isEqualTo(404);
            }
            assertThatNoEventNamesIn(stream, user, Duration.ofSeconds(3));
        }
    }

    @Test
    void withoutASessionTheStreamIsRefused401AndThePageSendsToSignIn() {
        PortalClient anonymous = new PortalClient(telcred.baseUrl());
        try (EventStream stream = new EventStream(anonymous.events("/registrations/events"))) {
            assertThat(stream.status()).isEqualTo(401);
        }
        Page page = anonymous.get("/registrations");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).startsWith("/login");
    }

    @Test
    void aUserHoldsOnlyAFewStreamsAtOnce() {
        PortalClient user = telcred.newAccountPortal("tabs");
        List<EventStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS_PER_USER; i++) {
                EventStream stream = new EventStream(user.events("/registrations/events"));
                open.add(stream);
                assertThat(stream.status()).isEqualTo(200);
            }
            try (EventStream surplus = new EventStream(user.events("/registrations/events"))) {
                assertThat(surplus.status()).isEqualTo(429);
            }
            try (EventStream otherUser = new EventStream(owner.events("/registrations/events"))) {
                assertThat(otherUser.status()).as("another user's streams are counted apart").isEqualTo(200);
            }
        } finally {
            open.forEach(EventStream::close);
        }
    }

    private static void assertThatNoEventNamesIn(EventStream stream, String user, Duration during) {
        assertThatThrownBy(() -> stream.await(e -> e.data().contains(user), during))
                .as("another account's registration reached the stream").hasMessageStartingWith("no such event");
    }

    private static SipTestClient phone() {
        return new SipTestClient(telcred.server().sip().port(Transport.UDP), "sip.telcred.local");
    }

    private static void register(SipTestClient phone, JsonNode credential, String expires) {
        String user = credential.get("sip_username").asText();
        SipTestClient.Message answer = phone.registerWithPassword(user, credential.get("sip_password").asText(),
                phone.contact(user), expires);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    }

    private static List<JsonNode> rows(Event event) {
        try {
            List<JsonNode> rows = new ArrayList<>();
            JSON.readTree(event.data()).get("rows").forEach(rows::add);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The row of this SIP username in a registrations event, or null. */
    private static JsonNode row(Event event, String user) {
        Predicate<JsonNode> ofUser = r -> r.get("sipUsername").asText().equals(user);
        return rows(event).stream().filter(ofUser).findFirst().orElse(null);
    }
}
