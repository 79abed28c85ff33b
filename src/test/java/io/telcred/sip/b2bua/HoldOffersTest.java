package io.telcred.sip.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Answers to a device's hold and resume re-offers, made from the SDP it already has. */
class HoldOffersTest {

    private static final String EARLIER = "v=0\r\no=- 42 7 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 30000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";

    @Test
    void sendonlyAndInactiveHoldTheCall() {
        assertThat(HoldOffers.holds("v=0\r\nm=audio 4000 RTP/AVP 0\r\na=sendonly\r\n")).isTrue();
        assertThat(HoldOffers.holds("v=0\r\nm=audio 4000 RTP/AVP 0\r\na=inactive\r\n")).isTrue();
        assertThat(HoldOffers.holds("v=0\r\nm=audio 4000 RTP/AVP 0\r\na=sendrecv\r\n")).isFalse();
        assertThat(HoldOffers.holds("v=0\r\nm=audio 4000 RTP/AVP 0\r\n")).isFalse();
    }

    @Test
    void theAnswerMirrorsTheDirectionAndIsTheNextVersion() {
        String held = HoldOffers.answer(EARLIER, "v=0\r\nm=audio 4000 RTP/AVP 0\r\na=sendonly\r\n");
        assertThat(held).contains("o=- 42 8 IN IP4 127.0.0.1").contains("a=recvonly\r\n").doesNotContain("a=sendrecv")
                .contains("m=audio 30000 RTP/AVP 0");
        String resumed = HoldOffers.answer(held, "v=0\r\nm=audio 4000 RTP/AVP 0\r\na=sendrecv\r\n");
        assertThat(resumed).contains("o=- 42 9 IN IP4").contains("a=sendrecv\r\n").doesNotContain("recvonly");
        assertThat(HoldOffers.answer(EARLIER, "v=0\r\na=inactive\r\n")).contains("a=inactive\r\n");
    }
}
