package io.telcred.sip.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The answer that holds a device's delayed offer, and the origin line of what telcred sends it next. */
class DelayedOfferTest {

    private static final String OFFER = "v=0\r\no=phone 5 5 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 96 0\r\na=rtpmap:96 opus/48000/2\r\na=fmtp:96 useinbandfec=1\r\n"
            + "a=rtpmap:0 PCMU/8000\r\nm=video 0 RTP/AVP 97\r\na=rtpmap:97 H264/90000\r\n";

    @Test
    void everyOfferedStreamIsAnsweredInOrderInactiveAtNoAddressAndATurnedOffOneStaysOff() {
        String answer = DelayedOffer.holdAnswer(OFFER);
        assertThat(answer).startsWith("v=0\r\no=telcred ").contains("c=IN IP4 0.0.0.0\r\n")
                .contains("m=audio 9 RTP/AVP 96\r\na=rtpmap:96 opus/48000/2\r\na=fmtp:96 useinbandfec=1\r\na=inactive\r\n"
                        + "m=video 0 RTP/AVP 97\r\na=rtpmap:97 H264/90000\r\na=inactive\r\n")
                .doesNotContain("PCMU");
    }

    @Test
    void sdpSentLaterKeepsTheOriginTheDeviceKnowsWithTheNextVersion() {
        String held = "v=0\r\no=telcred 77 1 IN IP4 0.0.0.0\r\ns=-\r\n";
        String other = "v=0\r\no=- 123 9 IN IP4 10.0.0.1\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\n";
        assertThat(SdpOrigin.following(held, other)).isEqualTo("v=0\r\no=telcred 77 2 IN IP4 0.0.0.0\r\ns=-\r\n"
                + "m=audio 9 RTP/AVP 0\r\n");
        assertThat(SdpOrigin.following(null, other)).isEqualTo(other);
    }
}
