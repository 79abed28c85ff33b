package io.telcred.sip;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static io.telcred.testing.RtcTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.call.MediaProfile;
import io.telcred.call.MediaRelay;
import io.telcred.location.Transport;
import io.telcred.sip.SipTestClient.Message;
import io.telcred.testing.ApiClient;
import io.telcred.testing.RtcTestClient;
import io.telcred.testing.TestTelcred;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls between a WebRTC session and a SIP phone, with telcred as the back-to-back user agent between them. */
class BridgedCallTest {

    private static final String DOMAIN = "sip.telcred.local";
    private static final String BROWSER_SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "a=fingerprint:sha-256 AA:BB\r\na=ice-ufrag:abcd\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
    /** A phone that speaks ICE and DTLS-SRTP, as baresip with its ice and dtls_srtp modules. */
    private static final String PHONE_SDP = "v=0\r\no=- 7 7 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "a=fingerprint:sha-256 EE:FF\r\na=ice-ufrag:wxyz\r\nm=audio 40000 UDP/TLS/RTP/SAVPF 0\r\n";
    private static final String PLAIN_SDP = "v=0\r\no=- 8 8 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40002 RTP/AVP 0\r\n";

    private static TestTelcred telcred;
    private static ApiClient api;
    private static int sipPort;
    private JsonNode browserUser;
    private JsonNode phoneUser;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start(Map.of("TELCRED_SIP_DOMAIN", DOMAIN));
        api = telcred.newAccountClient("bridged");
        sipPort = telcred.server().sip().port(Transport.UDP);
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @BeforeEach
    void credentials() {
        String connectionId = connection(api).get("id").asText();
        browserUser = credentialUnder(api, connectionId);
        phoneUser = credentialUnder(api, connectionId);
    }

    @Test
    void browserCallsAPhoneThatRingsAnswersTakesDtmfAndIsHungUp() {
        try (RtcTestClient browser = RtcTestClient.loggedIn(telcred, browserUser); SipTestClient phone = registered(phoneUser)) {
            String callId = UUID.randomUUID().toString();
            browser.call("telnyx_rtc.invite", browser.inviteParams(callId, user(phoneUser), BROWSER_SDP));

            Message invite = phone.request();
            assertThat(invite.method()).isEqualTo("INVITE");
            assertThat(invite.header("From")).contains("sip:" + user(browserUser) + "@" + DOMAIN).contains("tag=");
            assertThat(invite.body()).isEqualTo(BROWSER_SDP);
            phone.respond(invite, 180, "Ringing", "phonetag", null);
            assertThat(browser.awaitRequest("telnyx_rtc.ringing").path("params").path("callID").asText()).isEqualTo(callId);
            phone.respond(invite, 200, "OK", "phonetag", "Contact: " + phone.contact(user(phoneUser)) + "\r\n", PHONE_SDP);
            assertThat(browser.awaitRequest("telnyx_rtc.answer").path("params").path("sdp").asText()).isEqualTo(PHONE_SDP);
            Message ack = phone.request();
            assertThat(ack.method()).isEqualTo("ACK");
            assertThat(ack.header("CSeq")).isEqualTo(invite.header("CSeq").replace("INVITE", "ACK"));

            browser.call("telnyx_rtc.info", browser.dialogParams(callId).put("dtmf", "7"));
            Message info = phone.request();
            assertThat(info.method()).isEqualTo("INFO");
            assertThat(info.body()).contains("Signal=7");
            phone.respond(info, 200, "OK", null, null);

            BridgedCalls.browserHangsUp(browser, callId, phone, "phonetag");
        }
    }

    @Test
    void withoutARelayAPlainRtpAnswerEndsTheCallAsIncompatibleInsteadOfOneWayAudio() {
        try (RtcTestClient browser = RtcTestClient.loggedIn(telcred, browserUser); SipTestClient phone = registered(phoneUser)) {
            String callId = UUID.randomUUID().toString();
            browser.call("telnyx_rtc.invite", browser.inviteParams(callId, user(phoneUser), BROWSER_SDP));
            Message invite = phone.request();
            phone.respond(invite, 200, "OK", "phonetag", "Contact: " + phone.contact(user(phoneUser)) + "\r\n", PLAIN_SDP);
            JsonNode bye = browser.awaitRequest("telnyx_rtc.bye");
            assertThat(bye.path("params").path("cause").asText()).isEqualTo("INCOMPATIBLE_DESTINATION");
            assertThat(bye.path("params").path("causeCode").asInt()).isEqualTo(88);
            assertThat(phone.request().method()).isEqualTo("ACK");
            assertThat(phone.request().method()).isEqualTo("BYE");
        }
    }

    @Test
    void withoutARelayAPlainRtpPhoneCallingABrowserIsRefusedAsIncompatible() {
        try (RtcTestClient browser = RtcTestClient.loggedIn(telcred, browserUser); SipTestClient phone = registered(phoneUser)) {
            String callId = UUID.randomUUID().toString();
            Message answer = authenticatedInvite(phone, callId, user(browserUser), PLAIN_SDP);
            Message last = answer.status() == 100 ? phone.finalResponse() : answer;
            assertThat(last.status()).isEqualTo(488);
            assertThat(last.header("Reason")).contains("cause=88");
        }
    }

    @Test
    void withARelayAPlainPhoneAndABrowserGetSdpRewrittenForThemAndTheRelayIsFreedAtTheEnd() {
        List<String> relayed = new CopyOnWriteArrayList<>();
        telcred.server().platform().calls().useRelay(new MediaRelay() {
            @Override
            public String offer(String callId, String sdp, MediaProfile to) {
                relayed.add("offer " + to);
                return to == MediaProfile.WEBRTC ? BROWSER_SDP : PLAIN_SDP;
            }

            @Override
            public String answer(String callId, String sdp, MediaProfile to) {
                relayed.add("answer " + to);
                return to == MediaProfile.WEBRTC ? BROWSER_SDP : PLAIN_SDP;
            }

            @Override
            public void delete(String callId) {
                relayed.add("delete");
            }
        });
        try (RtcTestClient browser = RtcTestClient.loggedIn(telcred, browserUser); SipTestClient phone = registered(phoneUser)) {
            String callId = UUID.randomUUID().toString();
            authenticatedInvite(phone, callId, user(browserUser), PLAIN_SDP);
            JsonNode incoming = browser.awaitRequest("telnyx_rtc.invite");
            assertThat(incoming.path("params").path("sdp").asText()).isEqualTo(BROWSER_SDP);
            browser.call("telnyx_rtc.answer", browser.dialogParams(incoming.path("params").path("callID").asText())
                    .put("sdp", BROWSER_SDP));
            Message ok = nextNonTrying(phone);
            while (ok.status() < 200) {
                ok = nextNonTrying(phone);
            }
            assertThat(ok.body()).isEqualTo(PLAIN_SDP);
            browser.call("telnyx_rtc.bye", browser.dialogParams(incoming.path("params").path("callID").asText()));
            assertThat(phone.request().method()).isEqualTo("BYE");
            assertThat(relayed).containsExactly("offer WEBRTC", "answer PLAIN", "delete");
        } finally {
            telcred.server().platform().calls().useRelay(null);
        }
    }

    @Test
    void phoneRejectingTheCallEndsItForTheBrowserWithTheCause() {
        try (RtcTestClient browser = RtcTestClient.loggedIn(telcred, browserUser); SipTestClient phone = registered(phoneUser)) {
            String callId = UUID.randomUUID().toString();
            browser.call("telnyx_rtc.invite", browser.inviteParams(callId, user(phoneUser), BROWSER_SDP));
            Message invite = phone.request();
            phone.respond(invite, 486, "Busy Here", "phonetag", null);
            JsonNode bye = browser.awaitRequest("telnyx_rtc.bye");
            assertThat(bye.path("params").path("cause").asText()).isEqualTo("USER_BUSY");
            assertThat(bye.path("params").path("sipCode").asInt()).isEqualTo(486);
        }
    }

    @Test
    void phoneCallsABrowserWhichRingsAnswersAndIsHungUpByThePhone() {
        try (RtcTestClient browser = RtcTestClient.loggedIn(telcred, browserUser); SipTestClient phone = registered(phoneUser)) {
            String callId = UUID.randomUUID().toString();
            Message answer = authenticatedInvite(phone, callId, user(browserUser), PHONE_SDP);

            JsonNode incoming = browser.awaitRequest("telnyx_rtc.invite");
            assertThat(incoming.path("params").path("caller_id_number").asText()).isEqualTo(user(phoneUser));
            assertThat(incoming.path("params").path("sdp").asText()).isEqualTo(PHONE_SDP);
            browser.acknowledge(incoming);
            assertThat(answer.status()).isIn(100, 180);
            assertThat(nextNonTrying(phone).status()).isEqualTo(180);

            String browserCall = incoming.path("params").path("callID").asText();
            browser.call("telnyx_rtc.answer", browser.dialogParams(browserCall).put("sdp", BROWSER_SDP));
            Message ok = nextNonTrying(phone);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo(BROWSER_SDP);
            assertThat(ok.header("Contact")).contains("sip:telcred@");
            String target = ok.header("Contact").replaceAll(".*<([^>]*)>.*", "$1");
            String toTag = ok.header("To").replaceAll(".*tag=([^;>]*).*", "$1");

            phone.sendRaw(inDialog("ACK", phone, target, callId, 2, toTag));
            // The phone holds: telcred answers from the SDP the phone already has, mirrored.
            String holdOffer = PHONE_SDP.replace("o=- 7 7", "o=- 7 8") + "a=sendonly\r\n";
            phone.sendRaw(inDialog("INVITE", phone, target, callId, 4, toTag).replace("Content-Length: 0\r\n\r\n",
                    "Content-Type: application/sdp\r\nContent-Length: " + holdOffer.length() + "\r\n\r\n" + holdOffer));
            Message held = phone.finalResponse();
            assertThat(held.status()).isEqualTo(200);
            assertThat(held.body()).contains("a=recvonly").contains("m=audio 9 UDP/TLS/RTP/SAVPF 111");
            phone.sendRaw(inDialog("ACK", phone, target, callId, 4, toTag));
            phone.sendRaw(inDialog("BYE", phone, target, callId, 5, toTag));
            assertThat(phone.finalResponse().status()).isEqualTo(200);
            JsonNode bye = browser.awaitRequest("telnyx_rtc.bye");
            assertThat(bye.path("params").path("callID").asText()).isEqualTo(browserCall);
            assertThat(bye.path("params").path("cause").asText()).isEqualTo("NORMAL_CLEARING");
        }
    }

    @Test
    void phoneCancellingStopsTheBrowserRinging() {
        try (RtcTestClient browser = RtcTestClient.loggedIn(telcred, browserUser); SipTestClient phone = registered(phoneUser)) {
            String callId = UUID.randomUUID().toString();
            authenticatedInvite(phone, callId, user(browserUser), PHONE_SDP);
            browser.awaitRequest("telnyx_rtc.invite");
            phone.sendRaw(cancelText(phone, callId, user(browserUser)));
            assertThat(browser.awaitRequest("telnyx_rtc.bye").path("params").path("cause").asText())
                    .isEqualTo("ORIGINATOR_CANCEL");
        }
    }

    @Test
    void aPhoneCallingABrowserUserWhoIsNotLoggedInIsTemporarilyUnavailable() {
        try (SipTestClient phone = registered(phoneUser)) {
            String callId = UUID.randomUUID().toString();
            Message answer = authenticatedInvite(phone, callId, user(browserUser), PHONE_SDP);
            Message last = answer.status() == 100 ? phone.finalResponse() : answer;
            assertThat(last.status()).isEqualTo(480);
        }
    }

    private String lastBranch;

    /** Sends the INVITE, answers the challenge, and returns the first answer to the authenticated one. */
    @Test
    void aPhoneCallingANameThatIsNoCredentialIsParkedForItsApplicationWhichRejectsItBusy() {
        String application = connection(api).get("id").asText();
        assertThat(api.patch("/v2/credential_connections/" + application, "{\"webhook_event_url\":\"http://127.0.0.1:9/hooks\"}")
                .status()).isEqualTo(200);
        phoneUser = credentialUnder(api, application);
        java.util.List<java.util.Map<String, Object>> initiated = new java.util.concurrent.CopyOnWriteArrayList<>();
        telcred.server().platform().callControl().publishTo((leg, type, payload) -> {
            if (type.equals("call.initiated")) {
                initiated.add(payload);
            }
        });
        try (SipTestClient phone = registered(phoneUser)) {
            Message first = authenticatedInvite(phone, UUID.randomUUID().toString(), "support", PHONE_SDP);
            Message ringing = first.status() == 100 ? nextNonTrying(phone) : first;
            assertThat(ringing.status()).as(ringing.text()).isEqualTo(180);
            for (int wait = 0; wait < 100 && initiated.isEmpty(); wait++) {
                sleep(50);
            }
            assertThat(initiated).hasSize(1);
            assertThat(initiated.get(0)).containsEntry("from", user(phoneUser)).containsEntry("to", "support");

            String parked = (String) initiated.get(0).get("call_control_id");
            assertThat(api.post("/v2/calls/" + parked + "/actions/reject", "{\"cause\":\"USER_BUSY\"}").status()).isEqualTo(200);
            assertThat(nextNonTrying(phone).status()).isEqualTo(486);
        }
    }

    @Test
    void aPhoneCallingANameThatIsNoCredentialWithoutAnApplicationIsNotFound() {
        try (SipTestClient phone = registered(phoneUser)) {
            Message first = authenticatedInvite(phone, UUID.randomUUID().toString(), "nobody", PHONE_SDP);
            Message answer = first.status() == 100 ? nextNonTrying(phone) : first;
            assertThat(answer.status()).isEqualTo(404);
        }
    }

    private Message authenticatedInvite(SipTestClient phone, String callId, String callee, String sdp) {
        phone.sendRaw(inviteText(phone, callId, 1, callee, sdp, null));
        Message challenge = phone.finalResponse();
        assertThat(challenge.status()).isEqualTo(407);
        phone.sendRaw("ACK sip:" + callee + "@" + DOMAIN + " SIP/2.0\r\nVia: " + challenge.header("Via")
                + "\r\nMax-Forwards: 70\r\nFrom: " + challenge.header("From") + "\r\nTo: " + challenge.header("To")
                + "\r\nCall-ID: " + callId + "\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
        phone.sendRaw(inviteText(phone, callId, 2, callee, sdp, phone.authorization(challenge, "Proxy-Authenticate", "MD5",
                user(phoneUser), phoneUser.get("sip_password").asText(), "INVITE", "sip:" + callee + "@" + DOMAIN, "00000001")));
        Message first = phone.receive(3000);
        assertThat(first).as("an answer to the INVITE").isNotNull();
        return first;
    }

    private String inviteText(SipTestClient phone, String callId, int cseq, String callee, String sdp, String authorization) {
        lastBranch = "z9hG4bK" + UUID.randomUUID();
        return "INVITE sip:" + callee + "@" + DOMAIN + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + phone.port() + ";rport;branch=" + lastBranch + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:" + user(phoneUser) + "@" + DOMAIN + ">;tag=phonetag\r\n"
                + "To: <sip:" + callee + "@" + DOMAIN + ">\r\nCall-ID: " + callId + "\r\nCSeq: " + cseq + " INVITE\r\n"
                + "Contact: " + phone.contact(user(phoneUser)) + "\r\n"
                + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\r\n")
                + "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp;
    }

    private String cancelText(SipTestClient phone, String callId, String callee) {
        return "CANCEL sip:" + callee + "@" + DOMAIN + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + phone.port() + ";rport;branch=" + lastBranch + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:" + user(phoneUser) + "@" + DOMAIN + ">;tag=phonetag\r\n"
                + "To: <sip:" + callee + "@" + DOMAIN + ">\r\nCall-ID: " + callId + "\r\nCSeq: 2 CANCEL\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private String inDialog(String method, SipTestClient phone, String target, String callId, int cseq, String toTag) {
        return method + " " + target + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + phone.port() + ";rport;branch=z9hG4bK" + UUID.randomUUID() + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:" + user(phoneUser) + "@" + DOMAIN + ">;tag=phonetag\r\n"
                + "To: <sip:" + user(browserUser) + "@" + DOMAIN + ">;tag=" + toTag + "\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: " + cseq + " " + method + "\r\nContent-Length: 0\r\n\r\n";
    }

    private static Message nextNonTrying(SipTestClient phone) {
        Message m = phone.receive(3000);
        while (m != null && m.status() == 100) {
            m = phone.receive(3000);
        }
        assertThat(m).as("an answer after 100 Trying").isNotNull();
        return m;
    }


    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SipTestClient registered(JsonNode credential) {
        return SipTestClient.registered(sipPort, DOMAIN, user(credential), credential.get("sip_password").asText());
    }



    private static String user(JsonNode credential) {
        return credential.get("sip_username").asText();
    }
}
