package io.telcred.sip.message;

import static io.telcred.sip.message.SipTexts.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipResponseTest {

    private static final String INVITE = "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8, SIP/2.0/UDP p1.example.com;branch=z9hG4bK1\r\n"
            + "v: SIP/2.0/UDP p2.example.com;branch=z9hG4bK2\r\n"
            + "Max-Forwards: 70\r\n"
            + "Record-Route: <sip:p1.example.com;lr>\r\n"
            + "To: Bob <sip:bob@biloxi.com>\r\n"
            + "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
            + "Call-ID: a84b4c76e66710\r\n"
            + "CSeq: 314159 INVITE\r\n"
            + "Timestamp: 54\r\n"
            + "Contact: <sip:alice@pc33.atlanta.com>\r\n"
            + "Content-Length: 0\r\n\r\n";

    private final SipRequest invite = (SipRequest) ((ParseResult.Parsed) new SipParser(SipLimits.DEFAULT)
            .parse(bytes(INVITE))).message();

    @Test
    void copiesViasFromToCallIdAndCseqOnly() {
        SipResponse response = SipResponse.to(invite, 486, null);
        assertThat(response.reason()).isEqualTo("Busy Here");
        assertThat(response.headers().lines("Via")).hasSize(2);
        assertThat(response.vias()).extracting(Via::branch).containsExactly("z9hG4bKnashds8", "z9hG4bK1", "z9hG4bK2");
        assertThat(response.from().tag()).isEqualTo("1928301774");
        assertThat(response.to().uri()).isEqualTo("sip:bob@biloxi.com");
        assertThat(response.callId()).isEqualTo("a84b4c76e66710");
        assertThat(response.cseq()).isEqualTo(new CSeq(314159, "INVITE"));
        assertThat(response.headers().contains("Record-Route")).isFalse();
        assertThat(response.headers().contains("Contact")).isFalse();
        assertThat(response.headers().contains("Max-Forwards")).isFalse();
        assertThat(response.headers().contains("Timestamp")).isFalse();
    }

    @Test
    void recordRouteOnlyInto18xAnd2xxWhenAsked() {
        assertThat(SipResponse.to(invite, 200, null, true).headers().first("Record-Route"))
                .isEqualTo("<sip:p1.example.com;lr>");
        assertThat(SipResponse.to(invite, 180, null, true).headers().contains("Record-Route")).isTrue();
        assertThat(SipResponse.to(invite, 100, null, true).headers().contains("Record-Route")).isFalse();
        assertThat(SipResponse.to(invite, 404, null, true).headers().contains("Record-Route")).isFalse();
    }

    @Test
    void trying100EchoesTimestamp() {
        assertThat(SipResponse.to(invite, 100, null).headers().first("Timestamp")).isEqualTo("54");
    }

    @Test
    void toTagIsAddedOnceToTheRequestsToAsWritten() {
        SipResponse response = SipResponse.to(invite, 200, "OK");
        response.toTag("as83kd9bs");
        response.toTag("other");
        assertThat(response.to().tag()).isEqualTo("as83kd9bs");
        assertThat(response.headers().first("To")).isEqualTo("Bob <sip:bob@biloxi.com>;tag=as83kd9bs");
    }

    @Test
    void toTagAfterAnAddrSpecWithParametersIsAHeaderParameter() {
        SipResponse response = responseWithTo("sip:bob@biloxi.com;foo=bar");
        response.toTag("t1");
        assertThat(response.headers().first("To")).isEqualTo("sip:bob@biloxi.com;foo=bar;tag=t1");
        assertThat(response.to().uri()).isEqualTo("sip:bob@biloxi.com");
        assertThat(response.to().param("foo")).isEqualTo("bar");
        assertThat(response.to().tag()).isEqualTo("t1");
        assertThat(response.to()).isEqualTo(NameAddress.parse(response.headers().first("To")));
    }

    @Test
    void toTagFollowsTheClosingBracketOfAUriWithHeadersOrParameters() {
        SipResponse response = responseWithTo("\"Bob, B.\" <sip:bob@biloxi.com;transport=tcp?subject=hi>;x=1 ");
        response.toTag("t2");
        assertThat(response.headers().first("To"))
                .isEqualTo("\"Bob, B.\" <sip:bob@biloxi.com;transport=tcp?subject=hi>;x=1;tag=t2");
        assertThat(response.to().sipUri().param("transport")).isEqualTo("tcp");
        assertThat(response.to().sipUri().hasParam("tag")).isFalse();
        assertThat(response.to()).isEqualTo(NameAddress.parse(response.headers().first("To")));
    }

    @Test
    void aTagThatNeedsQuotingIsEncodedWithTheAddress() {
        SipResponse response = responseWithTo("sip:bob@biloxi.com");
        response.toTag("a <b>");
        assertThat(response.headers().first("To")).isEqualTo("<sip:bob@biloxi.com>;tag=\"a <b>\"");
        assertThat(response.to().unquotedParam("tag")).isEqualTo("a <b>");
    }

    @Test
    void aResponseSharesTheRequestsParsesOfTheLinesItCopied() {
        SipResponse response = SipResponse.to(invite, 200, null);
        assertThat(response.from()).isSameAs(invite.from());
        assertThat(response.cseq()).isSameAs(invite.cseq());
        assertThat(response.topVia()).isSameAs(invite.topVia());
        response.toTag("t3");
        assertThat(invite.to().tag()).isNull();
        assertThat(response.to().tag()).isEqualTo("t3");
    }

    private SipResponse responseWithTo(String to) {
        SipRequest request = invite.copy();
        request.headers().set("To", to);
        return SipResponse.to(request, 200, null);
    }

    @Test
    void standardReasons() {
        assertThat(SipResponse.standardReason(200)).isEqualTo("OK");
        assertThat(SipResponse.standardReason(401)).isEqualTo("Unauthorized");
        assertThat(SipResponse.standardReason(407)).isEqualTo("Proxy Authentication Required");
        assertThat(SipResponse.standardReason(423)).isEqualTo("Interval Too Brief");
        assertThat(SipResponse.standardReason(483)).isEqualTo("Too Many Hops");
        assertThat(SipResponse.standardReason(499)).isEqualTo("Client Error");
        assertThatThrownBy(() -> new SipResponse(99, null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SipResponse(200, "OK\r\nVia: x", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encoderWritesCanonicalNamesAndTheRealContentLength() {
        SipResponse response = SipResponse.to(invite, 200, null);
        response.headers().add("Content-Length", "999").add("c", "text/plain");
        response.body("héllo".getBytes(StandardCharsets.UTF_8));
        String wire = new String(SipEncoder.encode(response), StandardCharsets.UTF_8);
        assertThat(wire).startsWith("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8, ");
        assertThat(wire).contains("\r\nVia: SIP/2.0/UDP p2.example.com;branch=z9hG4bK2\r\n");
        assertThat(wire).contains("\r\nContent-Type: text/plain\r\n").doesNotContain("999");
        assertThat(wire).endsWith("\r\nContent-Length: 6\r\n\r\nhéllo");
    }

    @Test
    void encoderWritesIntoANettyBuffer() {
        io.netty.buffer.ByteBuf buf = SipEncoder.encode(invite, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
        try {
            assertThat(io.netty.buffer.ByteBufUtil.getBytes(buf)).isEqualTo(SipEncoder.encode(invite));
        } finally {
            buf.release();
        }
    }

    @Test
    void noReasonPhraseEncodesWithTheRequiredSpace() {
        SipResponse response = new SipResponse(100, "", null, null);
        assertThat(response.startLine()).isEqualTo("SIP/2.0 100 ");
    }
}
