package io.telcred.sip;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.location.Transport;
import io.telcred.sip.SipTestClient.Message;
import io.telcred.testing.ApiClient;
import io.telcred.testing.TestTelcred;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls between registered users through telcred's proxy, over UDP. */
class ProxyTest {

    private static final String DOMAIN = "sip.telcred.local";

    private static TestTelcred telcred;
    private static ApiClient api;
    private static int sipPort;

    private JsonNode alice;
    private JsonNode bob;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start(Map.of("TELCRED_SIP_AUTH_BAN_AFTER", "1000", "TELCRED_SIP_AUTH_SLOW_AFTER", "1000"));
        api = telcred.newAccountClient("calls");
        sipPort = telcred.server().sip().port(Transport.UDP);
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @BeforeEach
    void credentials() {
        String connectionId = connection(api).get("id").asText();
        alice = credentialUnder(api, connectionId);
        bob = credentialUnder(api, connectionId);
    }

    @Test
    void callIsChallengedForkedAndFollowsTheDialogThroughTelcred() {
        try (SipTestClient caller = new SipTestClient(sipPort, DOMAIN); SipTestClient callee = new SipTestClient(sipPort, DOMAIN)) {
            register(callee, bob);
            register(caller, alice);
            String callId = UUID.randomUUID().toString();

            invite(caller, callId, 1, null);
            Message challenge = caller.finalResponse();
            assertThat(challenge.status()).isEqualTo(407);
            // by default only MD5 is offered: SIPp 3.6, baresip 1.0 and SIP.js all take it
            assertThat(challenge.headers("Proxy-Authenticate")).hasSize(1);
            assertThat(challenge.header("Proxy-Authenticate")).contains("algorithm=MD5");
            assertThat(challenge.header("To")).contains("tag=");
            ack(caller, challenge, callId, 1);
            invite(caller, callId, 2, caller.authorization(challenge, "Proxy-Authenticate", "MD5", user(alice),
                    alice.get("sip_password").asText(), "INVITE", "sip:" + user(bob) + "@" + DOMAIN, "00000001"));

            Message invite = callee.request();
            assertThat(invite.method()).isEqualTo("INVITE");
            assertThat(invite.startLine()).contains(user(bob) + "@127.0.0.1:" + callee.port());
            assertThat(invite.headers("Record-Route")).isNotEmpty();
            assertThat(invite.header("Proxy-Authorization")).as("the caller's credentials stop at telcred").isNull();
            assertThat(invite.body()).contains("v=0");

            callee.respond(invite, 180, "Ringing", "bobtag", null);
            Message ringing = caller.receive(3000);
            while (ringing != null && ringing.status() == 100) {
                ringing = caller.receive(3000);
            }
            assertThat(ringing.status()).isEqualTo(180);
            callee.respond(invite, 200, "OK", "bobtag", "Contact: " + callee.contact(user(bob)) + "\r\n");
            Message ok = caller.finalResponse();
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("To")).contains("tag=bobtag");
            List<String> routeSet = ok.headers("Record-Route");
            assertThat(routeSet).isNotEmpty();

            // ACK and BYE inside the dialog go to telcred with the route set, and on to the callee.
            caller.sendRaw(inDialog("ACK", callee, caller, callId, 2, routeSet, "bobtag"));
            assertThat(callee.request().method()).isEqualTo("ACK");
            caller.sendRaw(inDialog("BYE", callee, caller, callId, 3, routeSet, "bobtag"));
            Message bye = callee.request();
            assertThat(bye.method()).isEqualTo("BYE");
            callee.respond(bye, 200, "OK", null, null);
            Message byeOk = caller.finalResponse();
            assertThat(byeOk.status()).isEqualTo(200);
            assertThat(byeOk.header("CSeq")).contains("BYE");
        }
    }

    @Test
    void theCalleeHangsUpThroughTelcredToo() {
        try (SipTestClient caller = new SipTestClient(sipPort, DOMAIN); SipTestClient callee = new SipTestClient(sipPort, DOMAIN)) {
            String callId = UUID.randomUUID().toString();
            List<String> routeSet = establish(caller, callee, callId);
            // The callee's route set is the Record-Route in its own order; the dialog was begun by the caller's tag.
            callee.sendRaw(SipCallTexts.inDialog("BYE", caller.contact(user(alice)).replaceAll("[<>]", ""), callee,
                    SipCallTexts.routeSet(routeSet), DOMAIN, user(bob), "bobtag", user(alice), "alicetag", callId, 1));
            assertThat(caller.request().method()).isEqualTo("BYE");
        }
    }

    @Test
    void anInDialogRequestGoesToItsRequestUriWhenNoRegistrationHoldsIt() {
        try (SipTestClient caller = new SipTestClient(sipPort, DOMAIN); SipTestClient callee = new SipTestClient(sipPort, DOMAIN)) {
            String callId = UUID.randomUUID().toString();
            List<String> routeSet = establish(caller, callee, callId);
            // As after a restart of telcred, before the phone registers again.
            callee.register(user(bob), UUID.randomUUID().toString(), callee.nextCseq(), "*", "0", null);
            Message challenge = callee.finalResponse();
            callee.register(user(bob), UUID.randomUUID().toString(), callee.nextCseq(), "*", "0",
                    callee.authorization(challenge, "WWW-Authenticate", "MD5", user(bob), bob.get("sip_password").asText(),
                            "REGISTER", "sip:" + DOMAIN, "00000001"));
            assertThat(callee.finalResponse().status()).isEqualTo(200);
            assertThat(api.get("/v2/registrations?filter[sip_username]=" + user(bob)).data()).isEmpty();

            caller.sendRaw(inDialog("BYE", callee, caller, callId, 3, routeSet, "bobtag"));
            assertThat(callee.request().method()).isEqualTo("BYE");
        }
    }

    @Test
    void forgedInDialogRequestsNeverReachAPhone() {
        try (SipTestClient caller = new SipTestClient(sipPort, DOMAIN); SipTestClient callee = new SipTestClient(sipPort, DOMAIN);
             SipTestClient intruder = new SipTestClient(sipPort, DOMAIN, "127.0.0.2")) {
            String genuineCall = UUID.randomUUID().toString();
            List<String> genuineRoutes = establish(caller, callee, genuineCall);
            String invented = "<sip:127.0.0.1:" + sipPort + ";lr;dlg=AAAAAAAAAAAAAAAAAAAAAA>";
            for (String method : List.of("INVITE", "BYE", "INFO", "MESSAGE")) {
                for (List<String> routes : List.of(List.<String>of(), List.of(invented), genuineRoutes)) {
                    intruder.sendRaw(inDialog(method, callee, intruder, UUID.randomUUID().toString(), 1, routes, "guessed"));
                    Message refused = intruder.finalResponse();
                    assertThat(refused.status()).as("%s with routes %s", method, routes).isEqualTo(403);
                }
                // Even the genuine Call-ID with a copied route, but tags of no dialog telcred let through.
                String forged = inDialog(method, callee, intruder, genuineCall, 9, genuineRoutes, "bobtag")
                        .replace("tag=alicetag", "tag=intruder");
                intruder.sendRaw(forged);
                assertThat(intruder.finalResponse().status()).isEqualTo(403);
            }
            intruder.sendRaw(inDialog("ACK", callee, intruder, UUID.randomUUID().toString(), 1, List.of(invented), "guessed"));
            assertThat(callee.receive(500)).as("nothing forged reached the phone").isNull();
        }
    }

    @Test
    void aDigestAnswerForAnotherUserOrHostIsRefused() {
        try (SipTestClient caller = new SipTestClient(sipPort, DOMAIN)) {
            register(caller, alice);
            inviteAnsweringFor(caller, UUID.randomUUID().toString(), "sip:someone-else@" + DOMAIN);
            Message refused = caller.finalResponse();
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.startLine()).contains("digest uri");
            inviteAnsweringFor(caller, UUID.randomUUID().toString(), "sip:proxy.example.com");
            assertThat(caller.finalResponse().status()).isEqualTo(400);
        }
    }

    @Test
    void aDigestUriNamingTelcredByAnotherOfItsNamesIsTheSameResource() {
        try (SipTestClient caller = new SipTestClient(sipPort, DOMAIN); SipTestClient callee = new SipTestClient(sipPort, DOMAIN)) {
            register(callee, bob);
            register(caller, alice);
            inviteAnsweringFor(caller, UUID.randomUUID().toString(), "sip:" + user(bob) + "@127.0.0.1:" + sipPort);
            assertThat(callee.request().method()).isEqualTo("INVITE");
            // What SIPp writes for every request: telcred itself, the address it sent to.
            inviteAnsweringFor(caller, UUID.randomUUID().toString(), "sip:127.0.0.1:" + sipPort);
            assertThat(callee.request().method()).isEqualTo("INVITE");
        }
    }

    /** Alice's INVITE to bob, challenged, then answered with a digest computed for {@code digestUri}. */
    private void inviteAnsweringFor(SipTestClient caller, String callId, String digestUri) {
        caller.sendRaw(inviteText(caller, callId, 1, user(alice), user(bob), null));
        Message challenge = caller.finalResponse();
        ack(caller, challenge, callId, 1);
        caller.sendRaw(inviteText(caller, callId, 2, user(alice), user(bob), caller.authorization(challenge, "Proxy-Authenticate",
                "MD5", user(alice), alice.get("sip_password").asText(), "INVITE", digestUri, "00000001")));
    }

    /** Registers both, and has alice call bob until the call is answered; returns the route set of the 200. */
    private List<String> establish(SipTestClient caller, SipTestClient callee, String callId) {
        register(callee, bob);
        register(caller, alice);
        inviteAnsweringFor(caller, callId, "sip:" + user(bob) + "@" + DOMAIN);
        Message invite = callee.request();
        callee.respond(invite, 200, "OK", "bobtag", "Contact: " + callee.contact(user(bob)) + "\r\n");
        Message ok = caller.finalResponse();
        assertThat(ok.status()).isEqualTo(200);
        caller.sendRaw(inDialog("ACK", callee, caller, callId, 2, ok.headers("Record-Route"), "bobtag"));
        assertThat(callee.request().method()).isEqualTo("ACK");
        return ok.headers("Record-Route");
    }

    @Test
    void calleeThatIsNotRegisteredIsTemporarilyUnavailable() {
        try (SipTestClient caller = new SipTestClient(sipPort, DOMAIN)) {
            register(caller, alice);
            assertThat(authenticatedInvite(caller, user(bob)).status()).isEqualTo(480);
        }
    }

    @Test
    void unknownCalleeIsNotFound() {
        try (SipTestClient caller = new SipTestClient(sipPort, DOMAIN)) {
            register(caller, alice);
            assertThat(authenticatedInvite(caller, "gencredNobodyHere0000000000").status()).isEqualTo(404);
        }
    }

    @Test
    void callsAcrossAccountsNeverConnect() {
        ApiClient other = telcred.newAccountClient("elsewhere");
        JsonNode stranger = credentialUnder(other, connection(other).get("id").asText());
        try (SipTestClient caller = new SipTestClient(sipPort, DOMAIN); SipTestClient callee = new SipTestClient(sipPort, DOMAIN)) {
            register(callee, stranger);
            register(caller, alice);
            assertThat(authenticatedInvite(caller, user(stranger)).status()).isEqualTo(404);
            assertThat(callee.receive(300)).isNull();
        }
    }

    @Test
    void callerCannotPretendToBeSomeoneElse() {
        try (SipTestClient caller = new SipTestClient(sipPort, DOMAIN); SipTestClient callee = new SipTestClient(sipPort, DOMAIN)) {
            register(callee, bob);
            String callId = UUID.randomUUID().toString();
            // From says bob, the credentials are alice's
            caller.sendRaw(inviteText(caller, callId, 1, user(bob), user(bob), null));
            Message challenge = caller.finalResponse();
            ack(caller, challenge, callId, 1);
            caller.sendRaw(inviteText(caller, callId, 2, user(bob), user(bob), caller.authorization(challenge, "Proxy-Authenticate",
                    "MD5", user(alice), alice.get("sip_password").asText(), "INVITE", "sip:" + user(bob) + "@" + DOMAIN, "00000001")));
            assertThat(caller.finalResponse().status()).isEqualTo(403);
        }
    }

    @Test
    void cancelStopsTheRingingCallee() {
        try (SipTestClient caller = new SipTestClient(sipPort, DOMAIN); SipTestClient callee = new SipTestClient(sipPort, DOMAIN)) {
            register(callee, bob);
            register(caller, alice);
            String callId = UUID.randomUUID().toString();
            invite(caller, callId, 1, null);
            Message challenge = caller.finalResponse();
            ack(caller, challenge, callId, 1);
            String branch = "z9hG4bKcancel" + UUID.randomUUID();
            String invite = inviteText(caller, callId, 2, user(alice), user(bob), caller.authorization(challenge, "Proxy-Authenticate",
                    "MD5", user(alice), alice.get("sip_password").asText(), "INVITE", "sip:" + user(bob) + "@" + DOMAIN, "00000001"))
                    .replaceFirst("branch=z9hG4bK[^\\r;]*", "branch=" + branch);
            caller.sendRaw(invite);
            Message forwarded = callee.request();
            callee.respond(forwarded, 180, "Ringing", "bobtag", null);

            caller.sendRaw(invite.replaceFirst("^INVITE", "CANCEL").replace("CSeq: 2 INVITE", "CSeq: 2 CANCEL")
                    .replaceAll("Content-Type: application/sdp\r\n", "").replaceAll("(?s)Content-Length: \\d+\r\n\r\n.*", "Content-Length: 0\r\n\r\n"));
            Message cancel = callee.request();
            while (!cancel.method().equals("CANCEL")) {
                cancel = callee.request();
            }
            callee.respond(cancel, 200, "OK", "bobtag", null);
            callee.respond(forwarded, 487, "Request Terminated", "bobtag", null);
            assertThat(callee.request().method()).isEqualTo("ACK");

            boolean sawCancelOk = false;
            boolean sawTerminated = false;
            for (int i = 0; i < 6 && !(sawCancelOk && sawTerminated); i++) {
                Message m = caller.receive(2000);
                if (m == null) {
                    break;
                }
                sawCancelOk |= m.status() == 200 && m.header("CSeq").contains("CANCEL");
                sawTerminated |= m.status() == 487;
            }
            assertThat(sawCancelOk).isTrue();
            assertThat(sawTerminated).isTrue();
        }
    }

    @Test
    void callForksToEveryDeviceAndTheFirstAnswerWins() {
        try (SipTestClient caller = new SipTestClient(sipPort, DOMAIN); SipTestClient desk = new SipTestClient(sipPort, DOMAIN);
             SipTestClient mobile = new SipTestClient(sipPort, DOMAIN)) {
            register(desk, bob);
            register(mobile, bob);
            register(caller, alice);
            String callId = UUID.randomUUID().toString();
            invite(caller, callId, 1, null);
            Message challenge = caller.finalResponse();
            ack(caller, challenge, callId, 1);
            invite(caller, callId, 2, caller.authorization(challenge, "Proxy-Authenticate", "MD5", user(alice),
                    alice.get("sip_password").asText(), "INVITE", "sip:" + user(bob) + "@" + DOMAIN, "00000001"));
            Message atDesk = desk.request();
            Message atMobile = mobile.request();
            desk.respond(atDesk, 180, "Ringing", "desk", null);
            mobile.respond(atMobile, 180, "Ringing", "mobile", null);
            mobile.respond(atMobile, 200, "OK", "mobile", "Contact: " + mobile.contact(user(bob)) + "\r\n");
            Message cancel = desk.request();
            assertThat(cancel.method()).isEqualTo("CANCEL");
            desk.respond(cancel, 200, "OK", "desk", null);
            desk.respond(atDesk, 487, "Request Terminated", "desk", null);
            assertThat(caller.finalResponse().header("To")).contains("tag=mobile");
        }
    }

    @Test
    void noTransactionStateIsLeftBehind() throws InterruptedException {
        callIsChallengedForkedAndFollowsTheDialogThroughTelcred();
        // Answered transactions linger only to absorb retransmissions: 32 s over UDP would be too long to
        // wait here, so this checks the proxy branches, which end with their final answer.
        assertThat(telcred.server().sip().pendingTransactions()).isLessThan(50);
    }

    private static String user(JsonNode credential) {
        return credential.get("sip_username").asText();
    }

    private static void register(SipTestClient client, JsonNode credential) {
        Message ok = client.registerWithPassword(user(credential), credential.get("sip_password").asText(),
                client.contact(user(credential)), "600");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    }

    private Message authenticatedInvite(SipTestClient caller, String callee) {
        String callId = UUID.randomUUID().toString();
        caller.sendRaw(inviteText(caller, callId, 1, user(alice), callee, null));
        Message challenge = caller.finalResponse();
        ack(caller, challenge, callId, 1);
        caller.sendRaw(inviteText(caller, callId, 2, user(alice), callee, caller.authorization(challenge, "Proxy-Authenticate",
                "MD5", user(alice), alice.get("sip_password").asText(), "INVITE", "sip:" + callee + "@" + DOMAIN, "00000001")));
        Message answer = caller.finalResponse();
        ack(caller, answer, callId, 2);
        return answer;
    }

    private void invite(SipTestClient caller, String callId, int cseq, String authorization) {
        caller.sendRaw(inviteText(caller, callId, cseq, user(alice), user(bob), authorization));
    }

    private static String inviteText(SipTestClient caller, String callId, int cseq, String fromUser, String toUser, String authorization) {
        return SipCallTexts.invite(caller, DOMAIN, callId, cseq, fromUser, toUser, authorization);
    }

    private static void ack(SipTestClient caller, Message answer, String callId, int cseq) {
        caller.sendRaw(SipCallTexts.ackOf(answer, callId, cseq));
    }

    /** A request inside the dialog from the caller: to the callee's Contact, routed by the reversed Record-Route. */
    private String inDialog(String method, SipTestClient callee, SipTestClient caller, String callId, int cseq,
                            List<String> recordRoute, String toTag) {
        return SipCallTexts.inDialog(method, "sip:" + user(bob) + "@127.0.0.1:" + callee.port(), caller,
                SipCallTexts.callerRouteSet(recordRoute), DOMAIN, user(alice), "alicetag", user(bob), toTag, callId, cseq);
    }
}
