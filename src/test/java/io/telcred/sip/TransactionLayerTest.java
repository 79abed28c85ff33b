package io.telcred.sip;

import static io.telcred.testing.Fixtures.connection;
import static io.telcred.testing.Fixtures.credentialUnder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.location.Transport;
import io.telcred.sip.SipTestClient.Message;
import io.telcred.testing.ApiClient;
import io.telcred.testing.TestTelcred;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** RFC 3261 §17 over UDP, with T1 shortened to 20 ms so that whole transaction lifetimes fit in a test. */
class TransactionLayerTest {

    private static final String DOMAIN = "sip.telcred.local";

    @Test
    void finalFailureToAnInviteIsRetransmittedUntilAcknowledgedAndNoStateIsLeft() throws InterruptedException {
        try (TestTelcred telcred = TestTelcred.start(Map.of("TELCRED_SIP_TIMER_T1_MS", "20"))) {
            ApiClient api = telcred.client();
            JsonNode credential = credentialUnder(api, connection(api).get("id").asText());
            String user = credential.get("sip_username").asText();
            try (SipTestClient phone = new SipTestClient(telcred.server().sip().port(Transport.UDP), DOMAIN)) {
                assertThat(phone.registerWithPassword(user, credential.get("sip_password").asText(), phone.contact(user), "600")
                        .status()).isEqualTo(200);
                String callId = UUID.randomUUID().toString();
                phone.sendRaw("INVITE sip:nobody@" + DOMAIN + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + phone.port()
                        + ";branch=z9hG4bK" + UUID.randomUUID() + "\r\nMax-Forwards: 70\r\nFrom: <sip:" + user + "@" + DOMAIN
                        + ">;tag=a\r\nTo: <sip:nobody@" + DOMAIN + ">\r\nCall-ID: " + callId + "\r\nCSeq: 1 INVITE\r\n"
                        + "Contact: " + phone.contact(user) + "\r\nContent-Length: 0\r\n\r\n");
                Message first = phone.finalResponse();
                assertThat(first.status()).isEqualTo(407);
                // Timer G: the 407 comes again while no ACK is sent.
                Message again = phone.finalResponse();
                assertThat(again.status()).isEqualTo(407);
                assertThat(again.header("Proxy-Authenticate")).isEqualTo(first.header("Proxy-Authenticate"));

                phone.sendRaw("ACK sip:nobody@" + DOMAIN + " SIP/2.0\r\nVia: " + first.header("Via") + "\r\nMax-Forwards: 70\r\n"
                        + "From: " + first.header("From") + "\r\nTo: " + first.header("To") + "\r\nCall-ID: " + callId
                        + "\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
                Thread.sleep(100);
                while (phone.receive(200) != null) {
                    // drain retransmissions already on their way
                }
                assertThat(phone.receive(500)).as("no retransmission after the ACK").isNull();
            }
            // 64*T1 = 1.28 s: every transaction is forgotten after it.
            long deadline = System.currentTimeMillis() + 5_000;
            while (telcred.server().sip().pendingTransactions() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(telcred.server().sip().pendingTransactions()).isZero();
        }
    }
}
