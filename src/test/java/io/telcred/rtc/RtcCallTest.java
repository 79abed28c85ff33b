package io.telcred.rtc;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static io.telcred.testing.RtcTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.testing.ApiClient;
import io.telcred.testing.RtcTestClient;
import io.telcred.testing.TestTelcred;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Calls between WebRTC sessions, frame by frame, as two SDKs would make them. */
class RtcCallTest {

    private static final String OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 AA:BB\r\n"
            + "a=ice-ufrag:abcd\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
    private static final String ANSWER = "v=0\r\no=- 2 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 CC:DD\r\n"
            + "a=ice-ufrag:efgh\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";

    private static TestTelcred telcred;
    private static ApiClient api;
    private static String connectionId;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start(Map.of("TELCRED_CALL_NO_ANSWER_SECONDS", "5"));
        api = telcred.newAccountClient("rtc-calls");
        connectionId = connection(api).get("id").asText();
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void callRingsIsAnsweredCarriesDtmfAndHoldAndEndsOnBothSides() {
        JsonNode alice = credentialUnder(api, connectionId);
        JsonNode bob = credentialUnder(api, connectionId);
        try (RtcTestClient a = RtcTestClient.loggedIn(telcred, alice); RtcTestClient b = RtcTestClient.loggedIn(telcred, bob)) {
            String callId = UUID.randomUUID().toString();
            ObjectNode claimingAnotherNumber = a.inviteParams(callId, bob.get("sip_username").asText(), OFFER);
            ((ObjectNode) claimingAnotherNumber.get("dialogParams")).put("caller_id_number", "+15550001111")
                    .put("caller_id_name", "Alice <at> the \"desk\"\n");
            JsonNode created = a.call("telnyx_rtc.invite", claimingAnotherNumber);
            assertThat(created.path("result").path("message").asText()).isEqualTo("CALL CREATED");

            JsonNode incoming = b.awaitRequest("telnyx_rtc.invite");
            assertThat(incoming.path("params").path("sdp").asText()).isEqualTo(OFFER);
            // The caller is who logged in, not the number it claimed.
            assertThat(incoming.path("params").path("caller_id_number").asText()).isEqualTo(alice.get("sip_username").asText());
            assertThat(incoming.path("params").path("caller_id_name").asText()).isEqualTo("Alice at the desk");
            b.acknowledge(incoming);
            assertThat(a.awaitRequest("telnyx_rtc.ringing").path("params").path("callID").asText()).isEqualTo(callId);

            String bCall = incoming.path("params").path("callID").asText();
            JsonNode answered = b.call("telnyx_rtc.answer", b.dialogParams(bCall).put("sdp", ANSWER));
            assertThat(answered.has("result")).as(answered.toString()).isTrue();
            JsonNode answer = a.awaitRequest("telnyx_rtc.answer");
            assertThat(answer.path("params").path("sdp").asText()).isEqualTo(ANSWER);
            assertThat(answer.path("params").path("callID").asText()).isEqualTo(callId);

            assertThat(a.call("telnyx_rtc.info", a.dialogParams(callId).put("dtmf", "5")).has("result")).isTrue();
            assertThat(b.awaitRequest("telnyx_rtc.info").path("params").path("dtmf").asText()).isEqualTo("5");
            ObjectNode text = b.dialogParams(bCall);
            text.putObject("msg").put("body", "hello");
            assertThat(b.call("telnyx_rtc.info", text).has("result")).isTrue();
            assertThat(a.awaitRequest("telnyx_rtc.info").path("params").path("msg").path("body").asText()).isEqualTo("hello");
            assertThat(a.call("telnyx_rtc.info", a.dialogParams(callId).put("dtmf", "5;rm -rf")).path("error").path("code").asInt())
                    .isEqualTo(-32602);

            assertThat(a.call("telnyx_rtc.modify", a.dialogParams(callId).put("action", "hold")).path("result")
                    .path("holdState").asText()).isEqualTo("held");
            assertThat(a.call("telnyx_rtc.modify", a.dialogParams(callId).put("action", "toggleHold")).path("result")
                    .path("holdState").asText()).isEqualTo("active");

            JsonNode bye = a.call("telnyx_rtc.bye", a.dialogParams(callId).put("cause", "NORMAL_CLEARING").put("causeCode", 16));
            assertThat(bye.path("result").path("message").asText()).isEqualTo("CALL ENDED");
            JsonNode remoteBye = b.awaitRequest("telnyx_rtc.bye");
            assertThat(remoteBye.path("params").path("callID").asText()).isEqualTo(bCall);
            assertThat(remoteBye.path("params").path("causeCode").asInt()).isEqualTo(16);
        }
    }

    @Test
    void everySessionOfTheCalleeRingsAndTheFirstAnswerWins() {
        JsonNode alice = credentialUnder(api, connectionId);
        JsonNode bob = credentialUnder(api, connectionId);
        try (RtcTestClient a = RtcTestClient.loggedIn(telcred, alice); RtcTestClient desk = RtcTestClient.loggedIn(telcred, bob); RtcTestClient laptop = RtcTestClient.loggedIn(telcred, bob)) {
            String callId = UUID.randomUUID().toString();
            a.call("telnyx_rtc.invite", a.inviteParams(callId, bob.get("sip_username").asText(), OFFER));
            JsonNode onDesk = desk.awaitRequest("telnyx_rtc.invite");
            JsonNode onLaptop = laptop.awaitRequest("telnyx_rtc.invite");

            assertThat(laptop.call("telnyx_rtc.answer", laptop.dialogParams(callId(onLaptop)).put("sdp", ANSWER)).has("result"))
                    .isTrue();
            assertThat(desk.awaitRequest("telnyx_rtc.bye").path("params").path("cause").asText()).isEqualTo("LOSE_RACE");
            assertThat(desk.call("telnyx_rtc.answer", desk.dialogParams(callId(onDesk)).put("sdp", ANSWER)).path("error")
                    .path("code").asInt()).isEqualTo(-32004);
            a.awaitRequest("telnyx_rtc.answer");

            laptop.call("telnyx_rtc.bye", laptop.dialogParams(callId(onLaptop)));
            assertThat(a.awaitRequest("telnyx_rtc.bye").path("params").path("cause").asText()).isEqualTo("NORMAL_CLEARING");
        }
    }

    @Test
    void callerCancellingBeforeTheAnswerStopsTheRinging() {
        JsonNode alice = credentialUnder(api, connectionId);
        JsonNode bob = credentialUnder(api, connectionId);
        try (RtcTestClient a = RtcTestClient.loggedIn(telcred, alice); RtcTestClient b = RtcTestClient.loggedIn(telcred, bob)) {
            String callId = UUID.randomUUID().toString();
            a.call("telnyx_rtc.invite", a.inviteParams(callId, bob.get("sip_username").asText(), OFFER));
            b.awaitRequest("telnyx_rtc.invite");
            a.call("telnyx_rtc.bye", a.dialogParams(callId).put("cause", "USER_BUSY").put("causeCode", 17));
            JsonNode bye = b.awaitRequest("telnyx_rtc.bye");
            assertThat(bye.path("params").path("cause").asText()).isEqualTo("ORIGINATOR_CANCEL");
            assertThat(bye.path("params").path("causeCode").asInt()).isEqualTo(487);
        }
    }

    @Test
    void calleeRejectingEndsTheCallForTheCaller() {
        JsonNode alice = credentialUnder(api, connectionId);
        JsonNode bob = credentialUnder(api, connectionId);
        try (RtcTestClient a = RtcTestClient.loggedIn(telcred, alice); RtcTestClient b = RtcTestClient.loggedIn(telcred, bob)) {
            String callId = UUID.randomUUID().toString();
            a.call("telnyx_rtc.invite", a.inviteParams(callId, bob.get("sip_username").asText(), OFFER));
            JsonNode incoming = b.awaitRequest("telnyx_rtc.invite");
            b.call("telnyx_rtc.bye", b.dialogParams(callId(incoming)).put("cause", "USER_BUSY").put("causeCode", 17));
            assertThat(a.awaitRequest("telnyx_rtc.bye").path("params").path("cause").asText()).isEqualTo("USER_BUSY");
        }
    }

    @Test
    void unknownDestinationIsUnallocatedAndOneNotLoggedInIsAbsent() {
        JsonNode alice = credentialUnder(api, connectionId);
        JsonNode absent = credentialUnder(api, connectionId);
        try (RtcTestClient a = RtcTestClient.loggedIn(telcred, alice)) {
            String unknown = UUID.randomUUID().toString();
            a.call("telnyx_rtc.invite", a.inviteParams(unknown, "nobody-here", OFFER));
            JsonNode bye = a.awaitFrame(f -> f.path("params").path("callID").asText().equals(unknown), "bye");
            assertThat(bye.path("params").path("cause").asText()).isEqualTo("UNALLOCATED_NUMBER");
            assertThat(bye.path("params").path("causeCode").asInt()).isEqualTo(1);

            String away = UUID.randomUUID().toString();
            a.call("telnyx_rtc.invite", a.inviteParams(away, "sip:" + absent.get("sip_username").asText() + "@sip.telcred.local", OFFER));
            JsonNode absentBye = a.awaitFrame(f -> f.path("params").path("callID").asText().equals(away), "bye");
            assertThat(absentBye.path("params").path("cause").asText()).isEqualTo("SUBSCRIBER_ABSENT");
            assertThat(absentBye.path("params").path("causeCode").asInt()).isEqualTo(20);
        }
    }

    @Test
    void anotherAccountsUserCannotBeCalled() {
        ApiClient otherAccount = telcred.newAccountClient("rtc-calls-other");
        JsonNode stranger = credentialUnder(otherAccount, connection(otherAccount).get("id").asText());
        JsonNode alice = credentialUnder(api, connectionId);
        try (RtcTestClient a = RtcTestClient.loggedIn(telcred, alice); RtcTestClient s = RtcTestClient.loggedIn(telcred, stranger)) {
            String callId = UUID.randomUUID().toString();
            a.call("telnyx_rtc.invite", a.inviteParams(callId, stranger.get("sip_username").asText(), OFFER));
            assertThat(a.awaitRequest("telnyx_rtc.bye").path("params").path("cause").asText()).isEqualTo("UNALLOCATED_NUMBER");
        }
    }

    @Test
    void unansweredCallEndsWithNoAnswer() {
        JsonNode alice = credentialUnder(api, connectionId);
        JsonNode bob = credentialUnder(api, connectionId);
        try (RtcTestClient a = RtcTestClient.loggedIn(telcred, alice); RtcTestClient b = RtcTestClient.loggedIn(telcred, bob)) {
            String callId = UUID.randomUUID().toString();
            a.call("telnyx_rtc.invite", a.inviteParams(callId, bob.get("sip_username").asText(), OFFER));
            b.awaitRequest("telnyx_rtc.invite");
            JsonNode bye = a.awaitFrame(f -> "telnyx_rtc.bye".equals(f.path("method").asText()), "bye after 5 s",
                    Duration.ofSeconds(15));
            assertThat(bye.path("params").path("cause").asText()).isEqualTo("NO_ANSWER");
            assertThat(b.awaitRequest("telnyx_rtc.bye").path("params").path("cause").asText()).isEqualTo("NO_ANSWER");
        }
    }

    @Test
    void trickledCandidatesAreRelayedBothWays() {
        JsonNode alice = credentialUnder(api, connectionId);
        JsonNode bob = credentialUnder(api, connectionId);
        try (RtcTestClient a = RtcTestClient.loggedIn(telcred, alice); RtcTestClient b = RtcTestClient.loggedIn(telcred, bob)) {
            String callId = UUID.randomUUID().toString();
            a.call("telnyx_rtc.invite", a.inviteParams(callId, bob.get("sip_username").asText(), OFFER).put("trickle", true));
            JsonNode incoming = b.awaitRequest("telnyx_rtc.invite");
            String candidate = "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host";
            a.call("telnyx_rtc.candidate", a.dialogParams(callId).put("candidate", candidate).put("sdpMLineIndex", 0)
                    .put("sdpMid", "0"));
            JsonNode relayed = b.awaitRequest("telnyx_rtc.candidate");
            assertThat(relayed.path("params").path("candidate").asText()).isEqualTo(candidate);
            assertThat(relayed.path("params").path("callID").asText()).isEqualTo(callId(incoming));
            b.call("telnyx_rtc.answer", b.dialogParams(callId(incoming)).put("sdp", ANSWER));
            b.call("telnyx_rtc.candidate", b.dialogParams(callId(incoming)).put("candidate", candidate).put("sdpMid", "0"));
            assertThat(a.awaitRequest("telnyx_rtc.candidate").path("params").path("callID").asText()).isEqualTo(callId);
            a.call("telnyx_rtc.endOfCandidates", a.dialogParams(callId));
            b.awaitRequest("telnyx_rtc.endOfCandidates");
        }
    }

    @Test
    void aReconnectWithinTheResumeWindowKeepsTheCallAndNamesItInClientReady() {
        JsonNode alice = credentialUnder(api, connectionId);
        JsonNode bob = credentialUnder(api, connectionId);
        try (RtcTestClient b = RtcTestClient.loggedIn(telcred, bob)) {
            RtcTestClient a = RtcTestClient.loggedIn(telcred, alice);
            String callId = UUID.randomUUID().toString();
            a.call("telnyx_rtc.invite", a.inviteParams(callId, bob.get("sip_username").asText(), OFFER));
            JsonNode incoming = b.awaitRequest("telnyx_rtc.invite");
            b.call("telnyx_rtc.answer", b.dialogParams(callId(incoming)).put("sdp", ANSWER));
            a.awaitRequest("telnyx_rtc.answer");
            String sessid = a.sessid();
            a.close();
            awaitUnregistered(alice);
            // Sent while the caller is away: kept and delivered when it is back.
            b.call("telnyx_rtc.info", b.dialogParams(callId(incoming)).put("dtmf", "3"));

            try (RtcTestClient again = RtcTestClient.connect(telcred)) {
                JsonNode login = again.call("login", params().put("login", alice.get("sip_username").asText())
                        .put("passwd", alice.get("sip_password").asText()).put("sessid", sessid).put("reconnection", true));
                assertThat(login.path("result").path("sessid").asText()).isEqualTo(sessid);
                JsonNode ready = again.awaitRequest("telnyx_rtc.clientReady");
                assertThat(ready.path("params").path("reattached_sessions").toString()).contains(callId);
                assertThat(again.awaitRequest("telnyx_rtc.info").path("params").path("dtmf").asText()).isEqualTo("3");
                again.call("telnyx_rtc.bye", again.dialogParams(callId));
                assertThat(b.awaitRequest("telnyx_rtc.bye").path("params").path("cause").asText()).isEqualTo("NORMAL_CLEARING");
            }
        }
    }

    @Test
    void aDroppedCallerHangsUpItsCallsWhenItDoesNotComeBack() {
        JsonNode alice = credentialUnder(api, connectionId);
        JsonNode bob = credentialUnder(api, connectionId);
        try (RtcTestClient b = RtcTestClient.loggedIn(telcred, bob)) {
            RtcTestClient a = RtcTestClient.loggedIn(telcred, alice);
            String callId = UUID.randomUUID().toString();
            a.call("telnyx_rtc.invite", a.inviteParams(callId, bob.get("sip_username").asText(), OFFER));
            JsonNode incoming = b.awaitRequest("telnyx_rtc.invite");
            b.call("telnyx_rtc.answer", b.dialogParams(callId(incoming)).put("sdp", ANSWER));
            a.awaitRequest("telnyx_rtc.answer");
            // Deactivation ends the session at once instead of after the resume window.
            api.post("/v2/telephony_credentials/" + alice.get("id").asText() + "/actions/deactivate", "");
            assertThat(b.awaitRequest("telnyx_rtc.bye").path("params").path("cause").asText()).isEqualTo("NORMAL_CLEARING");
            a.close();
        }
    }




    /** Waits until the server has seen the session's socket close: its registration is gone. */
    private static void awaitUnregistered(JsonNode credential) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (api.get("/v2/registrations?filter[sip_username]=" + credential.get("sip_username").asText()).data().size() > 0) {
            assertThat(System.nanoTime()).as("the session's socket is seen closed").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static String callId(JsonNode invite) {
        return invite.path("params").path("callID").asText();
    }
}
