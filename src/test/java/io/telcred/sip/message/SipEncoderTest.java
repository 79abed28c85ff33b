package io.telcred.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The encoder writes bytes directly; they must be exactly what encoding the text as one string gave. */
class SipEncoderTest {

    private final SipParser parser = new SipParser(SipLimits.DEFAULT);

    @ParameterizedTest
    @ValueSource(strings = {"wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq",
        "semiuri", "transports", "mpart01", "unreason", "noreason", "regaut01", "sdp01",
        "unkscm", "novelsc", "inv2543", "zeromf", "cparam01", "cparam02", "bext01"})
    void tortureMessagesAndTheirResponsesEncodeAsOneUtf8String(String name) {
        ParseResult result = parser.parse(TortureMessages.load(name));
        assertThat(result).as(name).isInstanceOf(ParseResult.Parsed.class);
        SipMessage message = ((ParseResult.Parsed) result).message();
        List<SipMessage> messages = new ArrayList<>(List.of(message));
        if (message instanceof SipRequest request) {
            SipResponse ok = SipResponse.to(request, 200, null, true);
            ok.toTag("x7Ag");
            ok.headers().add("Contact", "<sip:a@192.0.2.1>;expires=3600").set("Date", "Sat, 13 Nov 2010 23:29:00 GMT");
            messages.add(ok);
            messages.add(SipResponse.to(request, 100, ""));
        }
        for (SipMessage each : messages) {
            assertEncodedAsOneString(each);
        }
    }

    @Test
    void nonAsciiTextUnknownNamesAndStaleContentLengthsEncodeAsOneUtf8String() {
        SipHeaders headers = new SipHeaders()
                .add("Via", "SIP/2.0/UDP h;branch=z9hG4bK1")
                .add("X-Custom-thing", "kept as spelled, Wörd")
                .add("Subject", "大停電 \ud83d\ude00 é")
                .add("x-lone-surrogate", "a\ud800b")
                .add("Content-Length", "999")
                .add("l", "12")
                .add("NewFangledHeader", "");
        SipResponse response = new SipResponse(299, "Bien reçu ✓", headers, "héllo wörld".getBytes(StandardCharsets.UTF_8));
        assertEncodedAsOneString(response);
        assertEncodedAsOneString(new SipRequest("MESSAGE", "sip:Zoë@example.com", headers.copy(), new byte[70_000]));
        assertEncodedAsOneString(new SipResponse(100, "", new SipHeaders(), null));
    }

    private static void assertEncodedAsOneString(SipMessage message) {
        byte[] expected = encodedAsOneString(message);
        assertThat(SipEncoder.encode(message)).isEqualTo(expected);
        ByteBuf buf = SipEncoder.encode(message, UnpooledByteBufAllocator.DEFAULT);
        try {
            assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(expected);
        } finally {
            buf.release();
        }
    }

    /** The encoding as first written: the whole head as one string, then its UTF-8 bytes, then the body. */
    private static byte[] encodedAsOneString(SipMessage message) {
        StringBuilder head = new StringBuilder(512);
        head.append(message.startLine()).append("\r\n");
        for (SipHeaders.Entry header : message.headers()) {
            if (!header.name().equals("Content-Length")) {
                head.append(header.name()).append(": ").append(header.value()).append("\r\n");
            }
        }
        head.append("Content-Length: ").append(message.body().length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[headBytes.length + message.body().length];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(message.body(), 0, out, headBytes.length, message.body().length);
        return out;
    }
}
