package io.telcred.sip.message;

import java.nio.charset.StandardCharsets;

/** Small wire-format messages for tests. */
final class SipTexts {

    private SipTexts() {
    }

    static String options(String callId) {
        return "OPTIONS sip:bob@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP client.example.com:5060;branch=z9hG4bK" + callId + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "To: <sip:bob@example.com>\r\n"
                + "From: \"Alice\" <sip:alice@example.com>;tag=1928301774\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 63104 OPTIONS\r\n"
                + "Content-Length: 0\r\n"
                + "\r\n";
    }

    static String invite(String callId, String body) {
        return "INVITE sip:bob@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP client.example.com:5060;branch=z9hG4bK" + callId + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "To: <sip:bob@example.com>\r\n"
                + "From: <sip:alice@example.com>;tag=88sja8x\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:alice@client.example.com;transport=tcp>\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + "\r\n"
                + body;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
