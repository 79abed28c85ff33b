package io.telcred.sip;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.location.Transport;
import io.telcred.sip.SipTestClient.Message;
import io.telcred.testing.ApiClient;
import io.telcred.testing.TestTelcred;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SIP over WebSocket (RFC 7118) as a browser stack uses it: register, call a phone, and leave by closing. */
class WebSocketSipTest {

    private static final String DOMAIN = "sip.telcred.local";
    /** The tests connect from loopback, which this server takes for its reverse proxy. */
    private static final String PROXY = "127.0.0.1/32";

    private static TestTelcred telcred;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        telcred = TestTelcred.start(Map.of("TELCRED_SIP_AUTH_BAN_AFTER", "1000", "TELCRED_REVERSE_PROXIES", PROXY));
        api = telcred.newAccountClient("browsers");
    }

    @AfterAll
    static void stop() {
        telcred.close();
    }

    @Test
    void browserRegistersOverWebSocketAndIsGoneWhenTheSocketCloses() throws Exception {
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        String user = credential.get("sip_username").asText();
        try (Browser browser = new Browser()) {
            assertThat(browser.register(user, credential.get("sip_password").asText()).status()).isEqualTo(200);
            JsonNode registration = api.get("/v2/registrations?filter[sip_username]=" + user).data().get(0);
            assertThat(registration.get("transport").asText()).isEqualTo("WS");
            assertThat(registration.get("contact").asText()).contains(".invalid");
        }
        // RFC 5626: the binding lives on its connection; closing the tab ends the registration.
        long deadline = System.currentTimeMillis() + 3000;
        while (!api.get("/v2/registrations?filter[sip_username]=" + user).data().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(api.get("/v2/registrations?filter[sip_username]=" + user).data()).isEmpty();
    }

    @Test
    void behindTheReverseProxyTheBrowserIsTheAddressItForwards() throws Exception {
        JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
        String user = credential.get("sip_username").asText();
        // The left entry is the browser's own claim; the proxy appended the address it saw.
        try (Browser browser = new Browser("192.0.2.66, 203.0.113.9")) {
            assertThat(browser.register(user, credential.get("sip_password").asText()).status()).isEqualTo(200);
            JsonNode registration = api.get("/v2/registrations?filter[sip_username]=" + user).data().get(0);
            assertThat(registration.get("ip_address").asText()).isEqualTo("203.0.113.9");
        }
    }

    @Test
    void browserCallsAPhoneAndThePhoneHangsUpThroughTheSocket() throws Exception {
        String connectionId = connection(api).get("id").asText();
        JsonNode agent = credentialUnder(api, connectionId);
        JsonNode phone = credentialUnder(api, connectionId);
        String agentUser = agent.get("sip_username").asText();
        String phoneUser = phone.get("sip_username").asText();
        try (Browser browser = new Browser();
             SipTestClient deskPhone = new SipTestClient(telcred.server().sip().port(Transport.UDP), DOMAIN)) {
            assertThat(deskPhone.registerWithPassword(phoneUser, phone.get("sip_password").asText(),
                    deskPhone.contact(phoneUser), "600").status()).isEqualTo(200);
            assertThat(browser.register(agentUser, agent.get("sip_password").asText()).status()).isEqualTo(200);

            String callId = UUID.randomUUID().toString();
            browser.send(browser.invite(agentUser, phoneUser, callId, 1, null));
            Message challenge = browser.finalResponse();
            assertThat(challenge.status()).isEqualTo(407);
            browser.send(browser.invite(agentUser, phoneUser, callId, 2, browser.answer(challenge, "Proxy-Authenticate",
                    agentUser, agent.get("sip_password").asText(), "INVITE", "sip:" + phoneUser + "@" + DOMAIN)));

            Message invite = deskPhone.request();
            // Two Record-Route entries: one the phone reaches over UDP, one the browser reaches over WS.
            assertThat(String.join(",", invite.headers("Record-Route"))).contains("transport=ws");
            deskPhone.respond(invite, 200, "OK", "desk", "Contact: " + deskPhone.contact(phoneUser) + "\r\n");
            assertThat(browser.finalResponse().status()).isEqualTo(200);

            // The phone hangs up: its BYE goes to the browser's .invalid Contact, over the browser's socket.
            String bye = "BYE " + browser.contactUri + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + deskPhone.port() + ";rport;branch=z9hG4bK" + UUID.randomUUID() + "\r\n"
                    + routes(invite) + "Max-Forwards: 70\r\n"
                    + "From: <sip:" + phoneUser + "@" + DOMAIN + ">;tag=desk\r\n"
                    + "To: <sip:" + agentUser + "@" + DOMAIN + ">;tag=browsertag\r\n"
                    + "Call-ID: " + callId + "\r\nCSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n";
            deskPhone.sendRaw(bye);
            Message atBrowser = browser.next();
            assertThat(atBrowser.method()).isEqualTo("BYE");
            browser.send(respondTo(atBrowser, 200, "OK"));
            assertThat(deskPhone.finalResponse().status()).isEqualTo(200);
        }
    }

    /** The callee's route set is the Record-Route as it arrived, top first. */
    private static String routes(Message invite) {
        StringBuilder out = new StringBuilder();
        for (String rr : invite.headers("Record-Route")) {
            for (String entry : rr.split(",\\s*(?=<)")) {
                out.append("Route: ").append(entry).append("\r\n");
            }
        }
        return out.toString();
    }

    private static String respondTo(Message request, int status, String reason) {
        StringBuilder out = new StringBuilder("SIP/2.0 " + status + " " + reason + "\r\n");
        for (String via : request.headers("Via")) {
            out.append("Via: ").append(via).append("\r\n");
        }
        out.append("From: ").append(request.header("From")).append("\r\nTo: ").append(request.header("To"))
                .append("\r\nCall-ID: ").append(request.header("Call-ID")).append("\r\nCSeq: ").append(request.header("CSeq"))
                .append("\r\nContent-Length: 0\r\n\r\n");
        return out.toString();
    }

    /** A SIP-over-WebSocket user agent as SIP.js behaves: random .invalid host, messages as text frames. */
    private static final class Browser implements AutoCloseable, WebSocket.Listener {

        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;
        private final String host = UUID.randomUUID().toString().substring(0, 8) + ".invalid";
        private String contactUri;
        private final SipTestClient digest = new SipTestClient(1, DOMAIN);

        Browser() {
            this(null);
        }

        /** A browser whose connection arrives through a reverse proxy that sends this X-Forwarded-For. */
        Browser(String forwardedFor) {
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("sip");
            if (forwardedFor != null) {
                builder.header("X-Forwarded-For", forwardedFor);
            }
            socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + telcred.server().sip().port(Transport.WS) + "/"), this).join();
        }

        Message register(String user, String password) throws InterruptedException {
            contactUri = "sip:" + UUID.randomUUID().toString().substring(0, 8) + "@" + host + ";transport=ws";
            String callId = UUID.randomUUID().toString();
            send(registerText(user, callId, 1, null));
            Message challenge = finalResponse();
            send(registerText(user, callId, 2, answer(challenge, "WWW-Authenticate", user, password, "REGISTER", "sip:" + DOMAIN)));
            return finalResponse();
        }

        String answer(Message challenge, String header, String user, String password, String method, String uri) {
            return digest.authorization(challenge, header, "MD5", user, password, method, uri, "00000001");
        }

        private String registerText(String user, String callId, int cseq, String authorization) {
            return "REGISTER sip:" + DOMAIN + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/WS " + host + ";branch=z9hG4bK" + UUID.randomUUID() + "\r\nMax-Forwards: 70\r\n"
                    + "From: <sip:" + user + "@" + DOMAIN + ">;tag=reg\r\nTo: <sip:" + user + "@" + DOMAIN + ">\r\n"
                    + "Call-ID: " + callId + "\r\nCSeq: " + cseq + " REGISTER\r\n"
                    + "Contact: <" + contactUri + ">;expires=600\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + "User-Agent: browser-test\r\nContent-Length: 0\r\n\r\n";
        }

        String invite(String from, String to, String callId, int cseq, String authorization) {
            String sdp = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
            return "INVITE sip:" + to + "@" + DOMAIN + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/WS " + host + ";branch=z9hG4bK" + UUID.randomUUID() + "\r\nMax-Forwards: 70\r\n"
                    + "From: <sip:" + from + "@" + DOMAIN + ">;tag=browsertag\r\nTo: <sip:" + to + "@" + DOMAIN + ">\r\n"
                    + "Call-ID: " + callId + "\r\nCSeq: " + cseq + " INVITE\r\nContact: <" + contactUri + ">\r\n"
                    + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\r\n")
                    + "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp;
        }

        void send(String message) {
            socket.sendText(message, true).join();
        }

        Message next() throws InterruptedException {
            String text = received.poll(3, TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("nothing arrived over the WebSocket");
            }
            return SipTestClient.Message.parse(text);
        }

        Message finalResponse() throws InterruptedException {
            while (true) {
                Message m = next();
                if (m.status() >= 200) {
                    return m;
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            digest.close();
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }
}
