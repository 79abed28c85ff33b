package io.telcred.callcontrol;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.location.Transport;
import io.telcred.sip.SipTestClient;
import io.telcred.sip.SipTestClient.Message;
import io.telcred.testing.ApiClient;
import io.telcred.testing.RtcTestClient;
import io.telcred.testing.TestTelcred;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backend dials a logged-in agent's phone on its own (no link_to): the phone is called with no
 * offer and offers in its 200, telcred holds it, and a later bridge joins it to a parked caller
 * through one more offer and answer, as RFC 3725 draws it. SIP message by message.
 */
class DialWithoutLinkTest {

    private static final String DOMAIN = "sip.telcred.local";
    private static final String BROWSER_OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "a=fingerprint:sha-256 AA:BB\r\na=ice-ufrag:abcd\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
    /** What the phone offers in its 200 to an INVITE without SDP. */
    private static final String PHONE_OFFER = "v=0\r\no=phone 5 5 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\nm=audio 40000 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";
    /** The phone's answer to the browser's offer (it speaks ICE and DTLS-SRTP, as baresip can). */
    private static final String PHONE_ANSWER = "v=0\r\no=phone 5 6 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\na=fingerprint:sha-256 EE:FF\r\na=ice-ufrag:wxyz\r\nm=audio 40000 UDP/TLS/RTP/SAVPF 111\r\n";

    private static TestTelcred telcred;
    private static ApiClient api;
    private static String application;
    private static final RecordedEvents events = new RecordedEvents();
    private JsonNode customer;
    private JsonNode agent;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start(Map.of("TELCRED_SIP_DOMAIN", DOMAIN));
        api = telcred.newAccountClient("lone-legs");
        application = connection(api).get("id").asText();
        ApiClient.Response changed = api.patch("/v2/credential_connections/" + application,
                "{\"webhook_event_url\":\"http://127.0.0.1:9/hooks\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        telcred.server().platform().callControl().publishTo(events);
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @BeforeEach
    void credentials() {
        events.clear();
        customer = credentialUnder(api, application);
        agent = credentialUnder(api, application);
    }

    @Test
    void aPhoneDialledOnItsOwnOffersInItsAnswerIsHeldAndThenBridgedToAParkedCallerByReInvite() {
        try (RtcTestClient caller = RtcTestClient.loggedIn(telcred, customer); SipTestClient phone = registered(agent)) {
            String parked = events.park(caller, BROWSER_OFFER);

            ApiClient.Response dialled = api.post("/v2/calls", "{\"connection_id\":\"" + application + "\",\"to\":\"sip:"
                    + user(agent) + "@" + DOMAIN + "\",\"from\":\"+15550100\",\"client_state\":\"bG9uZQ==\","
                    + "\"custom_headers\":[{\"name\":\"X-Ticket\",\"value\":\"4711\"}]}");
            assertThat(dialled.status()).as(dialled.body()).isEqualTo(200);
            String leg = dialled.data().get("call_control_id").asText();
            Message invite = phone.request();
            assertThat(invite.method()).isEqualTo("INVITE");
            assertThat(invite.body()).as("a delayed offer").isEmpty();
            assertThat(invite.header("Content-Type")).isNull();
            assertThat(invite.header("X-Ticket")).isEqualTo("4711");
            assertThat(invite.header("From")).contains("sip:+15550100@" + DOMAIN);
            assertThat(events.await("call.initiated", leg).payload()).containsEntry("direction", "outgoing")
                    .containsEntry("from", "+15550100").containsEntry("to", user(agent));

            phone.respond(invite, 180, "Ringing", "agenttag", null);
            phone.respond(invite, 200, "OK", "agenttag", contact(phone), PHONE_OFFER);
            Message ack = phone.request();
            assertThat(ack.method()).isEqualTo("ACK");
            assertThat(ack.body()).as("an answer that holds the media").contains("c=IN IP4 0.0.0.0")
                    .contains("m=audio 9 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=inactive\r\n").doesNotContain("PCMU");
            assertThat(events.await("call.answered", leg).payload()).containsEntry("client_state", "bG9uZQ==")
                    .containsEntry("state", "active");
            assertThat(phone.receive(500)).as("the answered leg stays up on its own").isNull();

            ApiClient.Response bridged = api.post("/v2/calls/" + parked + "/actions/bridge",
                    "{\"call_control_id\":\"" + leg + "\"}");
            assertThat(bridged.status()).as(bridged.body()).isEqualTo(200);
            Message reinvite = phone.request();
            assertThat(reinvite.method()).isEqualTo("INVITE");
            assertThat(reinvite.header("Call-ID")).isEqualTo(invite.header("Call-ID"));
            assertThat(reinvite.header("To")).contains("tag=agenttag");
            String heldOrigin = ack.body().lines().filter(line -> line.startsWith("o=")).findFirst().orElseThrow();
            assertThat(reinvite.body()).as("the caller's offer, in the origin the phone knows, one version on")
                    .contains("m=audio 9 UDP/TLS/RTP/SAVPF 111").contains(heldOrigin.replace(" 1 IN IP4", " 2 IN IP4"));
            phone.respond(reinvite, 200, "OK", null, contact(phone), PHONE_ANSWER);
            Message secondAck = phone.request();
            assertThat(secondAck.method()).isEqualTo("ACK");
            assertThat(secondAck.header("CSeq")).isEqualTo(reinvite.header("CSeq").replace("INVITE", "ACK"));
            assertThat(caller.awaitRequest("telnyx_rtc.answer").path("params").path("sdp").asText()).isEqualTo(PHONE_ANSWER);
            events.await("call.bridged", parked);
            events.await("call.bridged", leg);
            assertThat(events.types()).as("the dialled leg answered once").containsOnlyOnce("call.answered");

            assertThat(api.post("/v2/calls/" + leg + "/actions/hangup", "{}").status()).isEqualTo(200);
            Message bye = phone.request();
            assertThat(bye.method()).isEqualTo("BYE");
            phone.respond(bye, 200, "OK", null, null);
            caller.awaitRequest("telnyx_rtc.bye");
            assertThat(events.await("call.hangup", parked).payload()).containsEntry("hangup_cause", "normal_clearing");
            assertThat(events.await("call.hangup", leg).payload()).containsEntry("hangup_cause", "normal_clearing");
        }
    }

    @Test
    void aLoneLegThePhoneHangsUpEndsWithoutTouchingTheParkedCaller() {
        try (RtcTestClient caller = RtcTestClient.loggedIn(telcred, customer); SipTestClient phone = registered(agent)) {
            String parked = events.park(caller, BROWSER_OFFER);
            Answered answered = dialAndAnswer(phone);
            Message invite = answered.invite();
            String leg = answered.leg();

            String target = invite.header("Contact").replaceAll(".*<([^>]*)>.*", "$1");
            phone.sendRaw("BYE " + target + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + phone.port() + ";rport;branch=z9hG4bK"
                    + UUID.randomUUID() + "\r\nMax-Forwards: 70\r\nFrom: " + invite.header("To") + ";tag=agenttag\r\nTo: "
                    + invite.header("From") + "\r\nCall-ID: " + invite.header("Call-ID") + "\r\nCSeq: 1 BYE\r\n"
                    + "Content-Length: 0\r\n\r\n");
            assertThat(phone.finalResponse().status()).isEqualTo(200);
            assertThat(events.await("call.hangup", leg).payload()).containsEntry("hangup_source", "callee")
                    .containsEntry("hangup_cause", "normal_clearing");
            assertThat(api.get("/v2/calls/" + parked).data().get("is_alive").asBoolean()).isTrue();
            ApiClient.Response late = api.post("/v2/calls/" + parked + "/actions/bridge", "{\"call_control_id\":\"" + leg
                    + "\"}");
            assertThat(late.error().get("code").asText()).isEqualTo("90018");
            api.post("/v2/calls/" + parked + "/actions/hangup", "{}");
            caller.awaitRequest("telnyx_rtc.bye");
        }
    }

    @Test
    void aCredentialWithOnlyWebRtcSessionsCannotBeDialledAloneAndOneWithBothHasOnlyItsPhoneRung() throws Exception {
        try (RtcTestClient desk = RtcTestClient.loggedIn(telcred, agent)) {
            ApiClient.Response refused = api.post("/v2/calls", "{\"connection_id\":\"" + application + "\",\"to\":\""
                    + user(agent) + "\"}");
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.error().get("detail").asText()).contains("only WebRTC sessions")
                    .contains("without an offer");
            assertThat(refused.error().at("/source/pointer").asText()).isEqualTo("/to");
            assertThat(events.isEmpty()).isTrue();

            try (SipTestClient phone = registered(agent)) {
                String leg = api.post("/v2/calls", "{\"connection_id\":\"" + application + "\",\"to\":\"" + user(agent)
                        + "\",\"timeout_secs\":1}").data().get("call_control_id").asText();
                Message invite = phone.request();
                assertThat(invite.method()).isEqualTo("INVITE");
                phone.respond(invite, 180, "Ringing", "agenttag", null);
                Message cancel = phone.request();
                assertThat(cancel.method()).as("cancelled after timeout_secs").isEqualTo("CANCEL");
                phone.respond(cancel, 200, "OK", null, null);
                phone.respond(invite, 487, "Request Terminated", "agenttag", null);
                assertThat(events.await("call.hangup", leg).payload()).containsEntry("hangup_cause", "timeout");
                assertThat(desk.framesAfter(100)).as("the browser is not rung")
                        .noneMatch(frame -> "telnyx_rtc.invite".equals(frame.path("method").asText()));
            }
        }
    }

    @Test
    void aPhoneThatRefusesTheBridgesReInviteIsHungUpAndTheCallerStaysParked() {
        try (RtcTestClient caller = RtcTestClient.loggedIn(telcred, customer); SipTestClient phone = registered(agent)) {
            String parked = events.park(caller, BROWSER_OFFER);
            String leg = dialAndAnswer(phone).leg();

            api.post("/v2/calls/" + parked + "/actions/bridge", "{\"call_control_id\":\"" + leg + "\"}");
            Message reinvite = phone.request();
            phone.respond(reinvite, 488, "Not Acceptable Here", null, null);
            Message bye = phone.request();
            while (bye.method().equals("ACK")) {
                bye = phone.request();
            }
            assertThat(bye.method()).isEqualTo("BYE");
            assertThat(events.await("call.hangup", leg).payload()).containsEntry("hangup_cause", "unspecified")
                    .containsEntry("hangup_source", "callee");
            assertThat(api.get("/v2/calls/" + parked).data().get("state").asText()).isEqualTo("parked");
            api.post("/v2/calls/" + parked + "/actions/hangup", "{}");
            caller.awaitRequest("telnyx_rtc.bye");
        }
    }

    @Test
    void aLegThatHasNotAnsweredCannotBeBridgedYet() {
        try (RtcTestClient caller = RtcTestClient.loggedIn(telcred, customer); SipTestClient phone = registered(agent)) {
            String parked = events.park(caller, BROWSER_OFFER);
            String leg = dialAlone();
            Message invite = phone.request();
            phone.respond(invite, 180, "Ringing", "agenttag", null);
            ApiClient.Response early = api.post("/v2/calls/" + leg + "/actions/bridge", "{\"call_control_id\":\""
                    + parked + "\"}");
            assertThat(early.status()).isEqualTo(422);
            assertThat(early.error().get("detail").asText()).contains("has not answered yet");
            assertThat(api.get("/v2/calls/" + parked).data().get("state").asText()).isEqualTo("parked");
            api.post("/v2/calls/" + leg + "/actions/hangup", "{}");
            Message cancel = phone.request();
            assertThat(cancel.method()).isEqualTo("CANCEL");
            phone.respond(cancel, 200, "OK", null, null);
            phone.respond(invite, 487, "Request Terminated", "agenttag", null);
            assertThat(events.await("call.hangup", leg).payload()).containsEntry("hangup_cause", "normal_clearing");
            api.post("/v2/calls/" + parked + "/actions/hangup", "{}");
        }
    }

    /** Dials the agent without link_to; the leg's call_control_id. */
    private String dialAlone() {
        ApiClient.Response dialled = api.post("/v2/calls", "{\"connection_id\":\"" + application + "\",\"to\":\""
                + user(agent) + "\"}");
        assertThat(dialled.status()).as(dialled.body()).isEqualTo(200);
        return dialled.data().get("call_control_id").asText();
    }

    private record Answered(String leg, Message invite) {
    }

    /** Dials the agent's phone without link_to and answers with the phone's offer. */
    private Answered dialAndAnswer(SipTestClient phone) {
        String leg = dialAlone();
        Message invite = phone.request();
        phone.respond(invite, 200, "OK", "agenttag", contact(phone), PHONE_OFFER);
        assertThat(phone.request().method()).isEqualTo("ACK");
        events.await("call.answered", leg);
        return new Answered(leg, invite);
    }

    private static String contact(SipTestClient phone) {
        return "Contact: " + phone.contact("agent") + "\r\n";
    }

    private SipTestClient registered(JsonNode credential) {
        return SipTestClient.registered(telcred.server().sip().port(Transport.UDP), DOMAIN, user(credential),
                credential.get("sip_password").asText());
    }

    private static String user(JsonNode credential) {
        return credential.get("sip_username").asText();
    }
}
