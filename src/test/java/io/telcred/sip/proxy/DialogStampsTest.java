package io.telcred.sip.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipLimits;
import io.telcred.sip.message.SipParser;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipUri;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialogStampsTest {

    private static final byte[] SECRET = filled(7);

    private final DialogStamps stamps = new DialogStamps(SECRET);

    @Test
    void aStampNeedsNoStateSoAnotherNodeOrARestartWithTheSameSecretAgrees() {
        String stamp = stamps.stamp("call-1@host", "alicetag");
        assertThat(new DialogStamps(SECRET.clone()).stamp("call-1@host", "alicetag")).isEqualTo(stamp);
        assertThat(new DialogStamps(filled(8)).stamp("call-1@host", "alicetag")).isNotEqualTo(stamp);
        assertThat(stamp).matches("[A-Za-z0-9_-]{16}");
    }

    @Test
    void eitherSideOfTheDialogPresentsItsStamp() {
        List<SipUri> routes = List.of(route(stamps.stamp("call-1@host", "alicetag")));
        assertThat(stamps.stamped(request("call-1@host", "alicetag", "bobtag"), routes)).as("from the caller").isTrue();
        assertThat(stamps.stamped(request("call-1@host", "bobtag", "alicetag"), routes)).as("from the callee").isTrue();
    }

    @Test
    void aStampOfAnotherDialogOrNoneAtAllIsRefused() {
        SipRequest request = request("call-1@host", "alicetag", "bobtag");
        assertThat(stamps.stamped(request, List.of(route(stamps.stamp("call-2@host", "alicetag"))))).isFalse();
        assertThat(stamps.stamped(request, List.of(route(stamps.stamp("call-1@host", "mallory"))))).isFalse();
        assertThat(stamps.stamped(request, List.of(SipUri.parse("sip:127.0.0.1:5060;lr")))).isFalse();
        assertThat(stamps.stamped(request, List.of())).isFalse();
    }

    private static SipUri route(String stamp) {
        return SipUri.parse("sip:127.0.0.1:5060;lr;" + DialogStamps.PARAMETER + "=" + stamp);
    }

    private static SipRequest request(String callId, String fromTag, String toTag) {
        String text = "BYE sip:bob@127.0.0.1:5070 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bKx\r\n"
                + "From: <sip:alice@example.test>;tag=" + fromTag + "\r\nTo: <sip:bob@example.test>;tag=" + toTag + "\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n";
        ParseResult result = new SipParser(SipLimits.DEFAULT).parse(text.getBytes(StandardCharsets.US_ASCII));
        return (SipRequest) ((ParseResult.Parsed) result).message();
    }

    private static byte[] filled(int value) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) value);
        return secret;
    }
}
