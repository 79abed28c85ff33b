package io.telcred.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.location.Transport;
import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

class ParseFailureResponseTest {

    @Test
    void addressableRequestGetsTheParsersStatusAndAPlainReason() {
        SipRequest partial = SipTexts.parsedRegister(Transport.TCP, "bad-1");

        SipResponse answer = ParseFailureResponse.of(new ParseResult.Invalid("bad header \u0000<script>\r\nX: y", partial));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.reason()).isEqualTo("Bad Request (bad header ??script???X: y)");
        assertThat(answer.callId()).isEqualTo("bad-1");
        assertThat(answer.headers().all("Via")).hasSize(1);
    }

    @Test
    void statusOtherThan400KeepsItsOwnPhrase() {
        SipRequest partial = SipTexts.parsedRegister(Transport.TCP, "bad-2");

        SipResponse answer = ParseFailureResponse.of(new ParseResult.Invalid("too big", partial, 513));

        assertThat(answer.status()).isEqualTo(513);
        assertThat(answer.reason()).isEqualTo("Message Too Large (too big)");
    }

    @Test
    void longReasonIsCut() {
        String reason = ParseFailureResponse.reasonPhrase(400, "x".repeat(500));

        assertThat(reason).hasSize("Bad Request ()".length() + ParseFailureResponse.MAX_REASON_DETAIL);
    }

    @Test
    void noAnswerWithoutWhatAResponseNeedsOrToAnAck() {
        SipRequest noCallId = SipTexts.parsedRegister(Transport.TCP, "bad-3");
        noCallId.headers().remove("Call-ID");
        SipRequest badVia = SipTexts.parsedRegister(Transport.TCP, "bad-4");
        badVia.headers().set("Via", "not a via");
        SipRequest ack = new SipRequest("ACK", "sip:telcred.test", SipTexts.parsedRegister(Transport.TCP, "bad-5")
                .headers().copy().set("CSeq", "1 ACK"), null);

        assertThat(ParseFailureResponse.of(new ParseResult.Invalid("garbage", null))).isNull();
        assertThat(ParseFailureResponse.of(new ParseResult.Invalid("no Call-ID", noCallId))).isNull();
        assertThat(ParseFailureResponse.of(new ParseResult.Invalid("bad Via", badVia))).isNull();
        assertThat(ParseFailureResponse.of(new ParseResult.Invalid("whatever", ack))).isNull();
    }
}
