package io.telcred.sip.transport;

import io.telcred.location.Transport;
import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipLimits;
import io.telcred.sip.message.SipParser;
import io.telcred.sip.message.SipRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/** SIP messages and settings the transport tests share. */
final class SipTexts {

    private SipTexts() {
    }

    static String register(Transport transport, String callId) {
        String via = transport.name().toUpperCase(Locale.ROOT);
        String host = transport == Transport.WS || transport == Transport.WSS ? "df7jal23ls0d.invalid" : "192.0.2.10:5062";
        return "REGISTER sip:telcred.test SIP/2.0\r\n"
                + "Via: SIP/2.0/" + via + " " + host + ";branch=z9hG4bK" + callId + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@telcred.test>;tag=a73kszlfl\r\n"
                + "To: <sip:alice@telcred.test>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <sip:alice@" + host + ";transport=" + via.toLowerCase(Locale.ROOT) + ">\r\n"
                + "Expires: 3600\r\n"
                + "Content-Length: 0\r\n"
                + "\r\n";
    }

    static byte[] registerBytes(Transport transport, String callId) {
        return register(transport, callId).getBytes(StandardCharsets.UTF_8);
    }

    static SipRequest parsedRegister(Transport transport, String callId) {
        ParseResult result = new SipParser(SipLimits.DEFAULT).parse(registerBytes(transport, callId));
        return (SipRequest) ((ParseResult.Parsed) result).message();
    }

    /** Settings on 127.0.0.1 with every transport on a free port, TLS and WSS off until given a certificate. */
    static TransportSettings loopback() {
        return new TransportSettings("127.0.0.1", 0, 0, TransportSettings.DISABLED, 0, TransportSettings.DISABLED,
                null, null, SipLimits.DEFAULT, Duration.ofMinutes(1), 100, 2);
    }
}
