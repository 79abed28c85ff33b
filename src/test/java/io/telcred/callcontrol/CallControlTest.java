package io.telcred.callcontrol;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.testing.ApiClient;
import io.telcred.testing.RtcTestClient;
import io.telcred.testing.TestTelcred;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A browser calls "support"; the call is parked for the application and announced; the backend
 * dials a logged-in agent with link_to and bridge_on_answer; the agent's answer bridges the two;
 * the backend hangs up. Frame by frame, as the SDKs would, with the events as the application gets them.
 */
class CallControlTest {

    private static final String OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 AA:BB\r\n"
            + "a=ice-ufrag:abcd\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
    private static final String ANSWER = "v=0\r\no=- 2 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 CC:DD\r\n"
            + "a=ice-ufrag:efgh\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";

    private static TestTelcred telcred;
    private static ApiClient api;
    private static String application;
    private static final RecordedEvents events = new RecordedEvents();

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start(Map.of("TELCRED_CALL_CONTROL_PARK_SECONDS", "3"));
        api = telcred.newAccountClient("call-centre");
        application = connection(api).get("id").asText();
        ApiClient.Response changed = api.patch("/v2/credential_connections/" + application,
                "{\"webhook_event_url\":\"http://127.0.0.1:9/hooks\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        telcred.server().platform().callControl().publishTo(events);
    }

    @BeforeEach
    void forget() {
        events.clear();
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void aParkedCallerIsDialledToALoggedInAgentBridgedOnAnswerAndHungUpByTheBackend() {
        JsonNode customer = credentialUnder(api, application);
        JsonNode agent = credentialUnder(api, application);
        try (RtcTestClient caller = RtcTestClient.loggedIn(telcred, customer);
             RtcTestClient desk = RtcTestClient.loggedIn(telcred, agent)) {
            String callId = UUID.randomUUID().toString();
            caller.call("telnyx_rtc.invite", caller.inviteParams(callId, "support", OFFER));
            assertThat(caller.awaitRequest("telnyx_rtc.ringing").path("params").path("callID").asText()).isEqualTo(callId);
            RecordedEvents.Event initiated = events.await("call.initiated");
            assertThat(initiated.payload()).containsEntry("direction", "incoming").containsEntry("state", "parked")
                    .containsEntry("to", "support").containsEntry("from", customer.get("sip_username").asText())
                    .containsEntry("connection_id", application);
            String parked = (String) initiated.payload().get("call_control_id");
            JsonNode listed = api.get("/v2/connections/" + application + "/active_calls").json();
            assertThat(listed.get("data").get(0).get("call_control_id").asText()).isEqualTo(parked);
            assertThat(api.get("/v2/calls/" + parked).data().get("is_alive").asBoolean()).isTrue();

            ApiClient.Response dialled = api.post("/v2/calls", "{\"connection_id\":\"" + application + "\",\"to\":\"sip:"
                    + agent.get("sip_username").asText() + "@sip.telcred.local\",\"link_to\":\"" + parked
                    + "\",\"bridge_on_answer\":true,\"client_state\":\"YWdlbnQ=\"}");
            assertThat(dialled.status()).as(dialled.body()).isEqualTo(200);
            String agentLeg = dialled.data().get("call_control_id").asText();
            assertThat(dialled.data().get("call_session_id").asText()).isEqualTo(initiated.payload().get("call_session_id"));

            JsonNode ringing = desk.awaitRequest("telnyx_rtc.invite");
            assertThat(ringing.path("params").path("sdp").asText()).isEqualTo(OFFER);
            desk.acknowledge(ringing);
            String deskCall = ringing.path("params").path("callID").asText();
            desk.call("telnyx_rtc.answer", desk.dialogParams(deskCall).put("sdp", ANSWER));
            assertThat(caller.awaitRequest("telnyx_rtc.answer").path("params").path("sdp").asText()).isEqualTo(ANSWER);
            assertThat(events.await("call.answered").payload()).containsEntry("call_control_id", agentLeg)
                    .containsEntry("direction", "outgoing").containsEntry("client_state", "YWdlbnQ=");
            events.await("call.bridged");
            assertThat(events.types()).containsSubsequence("call.initiated", "call.initiated", "call.answered", "call.bridged",
                    "call.bridged");

            ApiClient.Response hangup = api.post("/v2/calls/" + agentLeg + "/actions/hangup", "{\"command_id\":\"h1\"}");
            assertThat(hangup.data().get("result").asText()).isEqualTo("ok");
            assertThat(caller.awaitRequest("telnyx_rtc.bye").path("params").path("cause").asText()).isEqualTo("NORMAL_CLEARING");
            desk.awaitRequest("telnyx_rtc.bye");
            RecordedEvents.Event ended = events.await("call.hangup");
            assertThat(ended.payload()).containsEntry("hangup_cause", "normal_clearing").containsKey("end_time");
            assertThat(api.get("/v2/calls/" + parked).data().get("is_alive").asBoolean()).isFalse();

            assertThat(api.post("/v2/calls/" + agentLeg + "/actions/hangup", "{\"command_id\":\"h1\"}").status())
                    .as("a repeated command is done once").isEqualTo(200);
            ApiClient.Response late = api.post("/v2/calls/" + parked + "/actions/hangup", "{}");
            assertThat(late.status()).isEqualTo(422);
            assertThat(late.error().get("code").asText()).isEqualTo("90018");
        }
    }

    @Test
    void anAgentWhoRefusesLeavesTheCallerParkedForTheNextAgent() {
        JsonNode customer = credentialUnder(api, application);
        JsonNode busy = credentialUnder(api, application);
        JsonNode free = credentialUnder(api, application);
        try (RtcTestClient caller = RtcTestClient.loggedIn(telcred, customer);
             RtcTestClient first = RtcTestClient.loggedIn(telcred, busy);
             RtcTestClient second = RtcTestClient.loggedIn(telcred, free)) {
            String parked = events.park(caller, OFFER);

            String firstLeg = api.post("/v2/calls", dial(busy.get("sip_username").asText(), parked)).data()
                    .get("call_control_id").asText();
            JsonNode ringing = first.awaitRequest("telnyx_rtc.invite");
            first.call("telnyx_rtc.bye", first.dialogParams(ringing.path("params").path("callID").asText())
                    .put("cause", "USER_BUSY").put("causeCode", 17));
            RecordedEvents.Event refused = events.await("call.hangup", firstLeg);
            assertThat(refused.payload()).containsEntry("hangup_cause", "user_busy").containsEntry("hangup_source", "callee");
            assertThat(api.get("/v2/calls/" + parked).data().get("is_alive").asBoolean()).as("the caller waits").isTrue();
            assertThat(api.get("/v2/calls/" + parked).data().get("state").asText()).isEqualTo("parked");

            api.post("/v2/calls", dial(free.get("sip_username").asText(), parked));
            JsonNode again = second.awaitRequest("telnyx_rtc.invite");
            second.call("telnyx_rtc.answer", second.dialogParams(again.path("params").path("callID").asText()).put("sdp", ANSWER));
            assertThat(caller.awaitRequest("telnyx_rtc.answer").path("params").path("sdp").asText()).isEqualTo(ANSWER);
            api.post("/v2/calls/" + parked + "/actions/hangup", "{}");
            second.awaitRequest("telnyx_rtc.bye");
        }
    }

    @Test
    void anAgentWhoDoesNotAnswerInTimeIsCancelledAndTheCallerStaysParked() {
        JsonNode customer = credentialUnder(api, application);
        JsonNode away = credentialUnder(api, application);
        try (RtcTestClient caller = RtcTestClient.loggedIn(telcred, customer);
             RtcTestClient agent = RtcTestClient.loggedIn(telcred, away)) {
            String parked = events.park(caller, OFFER);

            String leg = api.post("/v2/calls", "{\"connection_id\":\"" + application + "\",\"to\":\""
                    + away.get("sip_username").asText() + "\",\"link_to\":\"" + parked
                    + "\",\"bridge_on_answer\":true,\"timeout_secs\":1}").data().get("call_control_id").asText();
            agent.awaitRequest("telnyx_rtc.invite");
            assertThat(agent.awaitRequest("telnyx_rtc.bye").path("params").path("cause").asText()).isEqualTo("ORIGINATOR_CANCEL");
            assertThat(events.await("call.hangup", leg).payload()).containsEntry("hangup_cause", "timeout");
            assertThat(api.get("/v2/calls/" + parked).data().get("is_alive").asBoolean()).isTrue();
            api.post("/v2/calls/" + parked + "/actions/hangup", "{}");
            caller.awaitRequest("telnyx_rtc.bye");
        }
    }

    @Test
    void aRejectedParkedCallEndsBusyForTheCaller() {
        JsonNode customer = credentialUnder(api, application);
        try (RtcTestClient caller = RtcTestClient.loggedIn(telcred, customer)) {
            caller.call("telnyx_rtc.invite", caller.inviteParams(UUID.randomUUID().toString(), "+15550100", OFFER));
            String parked = (String) events.await("call.initiated").payload().get("call_control_id");

            ApiClient.Response rejected = api.post("/v2/calls/" + parked + "/actions/reject", "{\"cause\":\"USER_BUSY\"}");
            assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
            assertThat(caller.awaitRequest("telnyx_rtc.bye").path("params").path("cause").asText()).isEqualTo("USER_BUSY");
            assertThat(events.await("call.hangup").payload()).containsEntry("hangup_cause", "user_busy");
        }
    }

    @Test
    void anUnhandledParkedCallEndsAfterTheParkTime() {
        JsonNode customer = credentialUnder(api, application);
        try (RtcTestClient caller = RtcTestClient.loggedIn(telcred, customer)) {
            caller.call("telnyx_rtc.invite", caller.inviteParams(UUID.randomUUID().toString(), "support", OFFER));
            events.await("call.initiated");
            assertThat(caller.awaitFrame(frame -> "telnyx_rtc.bye".equals(frame.path("method").asText(null)), "the bye",
                    Duration.ofSeconds(10)).path("params").path("cause").asText())
                    .isEqualTo("NO_ANSWER");
            assertThat(events.await("call.hangup").payload()).containsEntry("hangup_cause", "timeout");
        }
    }

    @Test
    void commandsThatCannotBeDoneAreRefusedInWordsAndChangeNothing() {
        JsonNode customer = credentialUnder(api, application);
        JsonNode absent = credentialUnder(api, application);
        try (RtcTestClient caller = RtcTestClient.loggedIn(telcred, customer)) {
            String parked = events.park(caller, OFFER);

            assertRefused(api.post("/v2/calls", dial(absent.get("sip_username").asText(), parked)), "is not registered now");
            assertRefused(api.post("/v2/calls", dial("nobody-here", parked)), "there is none named 'nobody-here'");
            assertRefused(api.post("/v2/calls", "{\"connection_id\":\"" + application + "\",\"to\":\""
                    + customer.get("sip_username").asText() + "\"}"), "only WebRTC sessions");
            assertRefused(api.post("/v2/calls/" + parked + "/actions/speak", "{\"payload\":\"hello\"}"), "media server");
            assertRefused(api.post("/v2/calls/" + parked + "/actions/reject", "{\"cause\":\"BECAUSE\"}"), "USER_BUSY");
            String plain = connection(api).get("id").asText();
            assertRefused(api.post("/v2/calls", "{\"connection_id\":\"" + plain + "\",\"to\":\"x\",\"link_to\":\"" + parked
                    + "\",\"bridge_on_answer\":true}"), "webhook_event_url");

            ApiClient other = telcred.newAccountClient("elsewhere");
            assertThat(other.get("/v2/calls/" + parked).status()).isEqualTo(404);
            assertThat(other.post("/v2/calls/" + parked + "/actions/hangup", "{}").status()).isEqualTo(404);
            assertThat(api.get("/v2/calls/" + parked).data().get("is_alive").asBoolean()).as("still parked").isTrue();
            api.post("/v2/calls/" + parked + "/actions/hangup", "{}");
        }
    }

    @Test
    void aTimeLimitEndsBothLegsWithTimeLimit() {
        JsonNode customer = credentialUnder(api, application);
        JsonNode agent = credentialUnder(api, application);
        try (RtcTestClient caller = RtcTestClient.loggedIn(telcred, customer);
             RtcTestClient desk = RtcTestClient.loggedIn(telcred, agent)) {
            String parked = events.park(caller, OFFER);
            String leg = api.post("/v2/calls", "{\"connection_id\":\"" + application + "\",\"to\":\""
                    + agent.get("sip_username").asText() + "\",\"link_to\":\"" + parked
                    + "\",\"bridge_on_answer\":true,\"time_limit_secs\":1}").data().get("call_control_id").asText();
            JsonNode ringing = desk.awaitRequest("telnyx_rtc.invite");
            desk.call("telnyx_rtc.answer", desk.dialogParams(ringing.path("params").path("callID").asText()).put("sdp", ANSWER));
            events.await("call.bridged");

            assertThat(caller.awaitRequest("telnyx_rtc.bye").path("params").path("cause").asText())
                    .isEqualTo("ALLOTTED_TIMEOUT");
            desk.awaitRequest("telnyx_rtc.bye");
            assertThat(events.await("call.hangup", parked).payload()).containsEntry("hangup_cause", "time_limit")
                    .containsEntry("hangup_source", "unknown");
            assertThat(events.await("call.hangup", leg).payload()).containsEntry("hangup_cause", "time_limit")
                    .containsEntry("hangup_source", "unknown");
        }
    }

    @Test
    void customHeadersThatAreNoExtensionHeadersOrCarryLineBreaksAreRefusedByName() {
        JsonNode customer = credentialUnder(api, application);
        JsonNode agent = credentialUnder(api, application);
        try (RtcTestClient caller = RtcTestClient.loggedIn(telcred, customer);
             RtcTestClient desk = RtcTestClient.loggedIn(telcred, agent)) {
            String parked = events.park(caller, OFFER);
            String to = agent.get("sip_username").asText();

            assertRefusedAt(api.post("/v2/calls", dialWith(to, parked, "[{\"name\":\"Via\",\"value\":\"x\"}]")),
                    "/custom_headers/0/name", "'X-'");
            assertRefusedAt(api.post("/v2/calls", dialWith(to, parked, "[{\"name\":\"X-Ok\",\"value\":\"1\"},"
                    + "{\"name\":\"X-Two Words\",\"value\":\"1\"}]")), "/custom_headers/1/name", "'X-Two Words'");
            assertRefusedAt(api.post("/v2/calls", dialWith(to, parked, "[{\"name\":\"X-Inject\",\"value\":"
                    + "\"a\\r\\nVia: SIP/2.0/UDP evil\"}]")), "/custom_headers/0/value", "line break");
            assertRefusedAt(api.post("/v2/calls", dialWith(to, parked, "[{\"name\":\"X-Long\",\"value\":\""
                    + "v".repeat(300) + "\"}]")), "/custom_headers/0", "at most 256");
            String eleven = String.join(",", java.util.Collections.nCopies(11, "{\"name\":\"X-A\",\"value\":\"1\"}"));
            assertRefusedAt(api.post("/v2/calls", dialWith(to, parked, "[" + eleven + "]")), "/custom_headers", "at most 10");
            assertThat(events.types()).as("nothing was dialled").containsExactly("call.initiated");

            ApiClient.Response accepted = api.post("/v2/calls", dialWith(to, parked,
                    "[{\"name\":\"x-ticket\",\"value\":\"4711\"}]"));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
            JsonNode ringing = desk.awaitRequest("telnyx_rtc.invite");
            assertThat(ringing.path("params").has("custom_headers")).as("a WebRTC invite has no place for them").isFalse();
            api.post("/v2/calls/" + parked + "/actions/hangup", "{}");
        }
    }

    @Test
    void aCallToANameThatIsNoCredentialStillEndsUnallocatedWithoutAnApplication() {
        String plain = connection(api).get("id").asText();
        try (RtcTestClient caller = RtcTestClient.loggedIn(telcred, credentialUnder(api, plain))) {
            caller.call("telnyx_rtc.invite", caller.inviteParams(UUID.randomUUID().toString(), "support", OFFER));
            assertThat(caller.awaitRequest("telnyx_rtc.bye").path("params").path("cause").asText())
                    .isEqualTo("UNALLOCATED_NUMBER");
            assertThat(events.isEmpty()).isTrue();
        }
    }

    private static String dial(String to, String linkTo) {
        return "{\"connection_id\":\"" + application + "\",\"to\":\"" + to + "\",\"link_to\":\"" + linkTo
                + "\",\"bridge_on_answer\":true}";
    }

    private static String dialWith(String to, String linkTo, String customHeaders) {
        return "{\"connection_id\":\"" + application + "\",\"to\":\"" + to + "\",\"link_to\":\"" + linkTo
                + "\",\"bridge_on_answer\":true,\"custom_headers\":" + customHeaders + "}";
    }

    private static void assertRefusedAt(ApiClient.Response response, String pointer, String detail) {
        assertRefused(response, detail);
        assertThat(response.error().at("/source/pointer").asText()).isEqualTo(pointer);
    }

    private static void assertRefused(ApiClient.Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.error().get("detail").asText()).contains(detail);
    }
}
