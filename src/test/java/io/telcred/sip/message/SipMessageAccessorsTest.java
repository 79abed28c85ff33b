package io.telcred.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The typed accessors reuse a parse only while the header text is the same. */
class SipMessageAccessorsTest {

    private static SipRequest request() {
        SipHeaders headers = new SipHeaders()
                .add("Via", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa")
                .add("From", "<sip:alice@example.com>;tag=1")
                .add("To", "<sip:bob@example.com>")
                .add("Call-ID", "c1")
                .add("CSeq", "1 INVITE");
        return new SipRequest("INVITE", "sip:bob@example.com", headers, null);
    }

    @Test
    void repeatedReadsGiveTheSameParse() {
        SipRequest request = request();
        assertThat(request.to()).isSameAs(request.to());
        assertThat(request.topVia()).isSameAs(request.topVia());
        assertThat(request.cseq()).isSameAs(request.cseq());
    }

    @Test
    void changedHeadersAreParsedAgain() {
        SipRequest request = request();
        assertThat(request.to().tag()).isNull();
        assertThat(request.topVia().branch()).isEqualTo("z9hG4bKa");
        assertThat(request.cseq().number()).isEqualTo(1);

        request.headers().set("To", "<sip:bob@example.com>;tag=2");
        request.headers().addFirst("Via", "SIP/2.0/TCP 192.0.2.9:5060;branch=z9hG4bKb");
        request.headers().set("CSeq", "2 INVITE");
        request.headers().remove("From");

        assertThat(request.to().tag()).isEqualTo("2");
        assertThat(request.topVia().branch()).isEqualTo("z9hG4bKb");
        assertThat(request.cseq().number()).isEqualTo(2);
        assertThat(request.from()).isNull();

        request.headers().removeFirstValue("Via");
        assertThat(request.topVia().branch()).isEqualTo("z9hG4bKa");
    }

    @Test
    void copyStartsFromItsOwnHeaders() {
        SipRequest request = request();
        request.to();
        SipRequest copy = request.copy();
        copy.headers().set("To", "<sip:carol@example.com>");
        assertThat(copy.to().sipUri().user()).isEqualTo("carol");
        assertThat(request.to().sipUri().user()).isEqualTo("bob");
    }
}
