package io.telcred.sip.message;

import static io.telcred.sip.message.SipTexts.bytes;
import static io.telcred.sip.message.SipTexts.invite;
import static io.telcred.sip.message.SipTexts.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SipParserTest {

    private final SipParser parser = new SipParser(SipLimits.DEFAULT);

    @Test
    void parsesARequest() {
        SipRequest request = request(options("abc"));
        assertThat(request.method()).isEqualTo("OPTIONS");
        assertThat(request.requestUri()).isEqualTo("sip:bob@example.com");
        assertThat(request.callId()).isEqualTo("abc");
        assertThat(request.cseq()).isEqualTo(new CSeq(63104, "OPTIONS"));
        assertThat(request.topVia().branch()).isEqualTo("z9hG4bKabc");
        assertThat(request.from().displayName()).isEqualTo("Alice");
        assertThat(request.to().tag()).isNull();
        assertThat(request.maxForwards()).isEqualTo(70);
    }

    @Test
    void parsesAResponse() {
        String text = "SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>;tag=x\r\n"
                + "From: <sip:a@b>;tag=y\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\n"
                + "WWW-Authenticate: Digest realm=\"b\", nonce=\"n\", qop=\"auth\"\r\nContent-Length: 0\r\n\r\n";
        SipResponse response = (SipResponse) parsed(text);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.reason()).isEqualTo("Unauthorized");
        assertThat(response.headers().first("www-authenticate")).isEqualTo("Digest realm=\"b\", nonce=\"n\", qop=\"auth\"");
    }

    @Test
    void acceptsLeadingCrlfsBareLineFeedsAndFolding() {
        String text = "\r\n\r\n" + options("lf").replace("\r\n", "\n")
                .replace("Max-Forwards: 70", "Max-Forwards:\n  70");
        SipRequest request = request(text);
        assertThat(request.maxForwards()).isEqualTo(70);
        assertThat(request.callId()).isEqualTo("lf");
    }

    @Test
    void contentLengthCutsALongerDatagramAndRejectsAShorterOne() {
        String message = invite("cl", "0123456789");
        assertThat(request(message + "trailing noise").body()).isEqualTo(bytes("0123456789"));
        String truncated = message.substring(0, message.length() - 3);
        ParseResult.Invalid invalid = invalid(truncated);
        assertThat(invalid.reason()).contains("Content-Length 10 exceeds the 7 body bytes");
        assertThat(invalid.partial().callId()).isEqualTo("cl");
    }

    @Test
    void withoutContentLengthTheDatagramBodyIsTheRest() {
        String message = invite("nocl", "abc").replace("Content-Length: 3\r\n", "");
        assertThat(request(message).body()).isEqualTo(bytes("abc"));
    }

    @Test
    void messageOverTheSizeLimitIsInvalidUnread() {
        SipParser small = new SipParser(new SipLimits(100, 128, 8_192));
        byte[] message = bytes(options("big"));
        ParseResult.Invalid invalid = (ParseResult.Invalid) small.parse(message, 0, message.length);
        assertThat(invalid.reason()).contains("exceeds maxMessageBytes 100");
        assertThat(invalid.status()).isEqualTo(513);
        assertThat(invalid.partial()).isNull();
    }

    @Test
    void tooManyHeadersAndTooLongLinesAreInvalid() {
        SipParser strict = new SipParser(new SipLimits(65_535, 5, 60));
        byte[] many = bytes(options("many"));
        assertThat(((ParseResult.Invalid) strict.parse(many, 0, many.length)).reason()).contains("maxHeaders 5");
        SipParser narrow = new SipParser(new SipLimits(65_535, 128, 40));
        byte[] wide = bytes(options("wide"));
        assertThat(((ParseResult.Invalid) narrow.parse(wide, 0, wide.length)).reason()).contains("maxLineLength 40");
    }

    @Test
    void partialRequestKeepsTheHeadersNeededFor400() {
        ParseResult.Invalid invalid = invalid(options("p").replace("CSeq: 63104 OPTIONS", "CSeq: many OPTIONS"));
        SipRequest partial = invalid.partial();
        assertThat(partial.method()).isEqualTo("OPTIONS");
        assertThat(partial.topVia().branch()).isEqualTo("z9hG4bKp");
        assertThat(partial.from().tag()).isEqualTo("1928301774");
        SipResponse answer = SipResponse.to(partial, 400, invalid.reason());
        assertThat(answer.callId()).isEqualTo("p");
    }

    @Test
    void missingViaOrRepeatedCallIdIsInvalid() {
        assertThat(invalid(options("v").replaceFirst("Via: [^\r]*\r\n", "")).reason()).isEqualTo("missing Via");
        assertThat(invalid(options("c").replace("Call-ID: c\r\n", "Call-ID: c\r\ni: d\r\n")).reason())
                .isEqualTo("more than one Call-ID");
    }

    @Test
    void maxForwardsMayBeAbsentButNotOutOfRange() {
        assertThat(request(options("m").replace("Max-Forwards: 70\r\n", "")).maxForwards()).isEqualTo(-1);
        assertThat(invalid(options("m").replace("Max-Forwards: 70", "Max-Forwards: 256")).reason())
                .contains("Max-Forwards");
    }

    @Test
    void malformedStartLinesAreInvalid() {
        assertThat(invalid("SIP/2.0 99 Too Small\r\n\r\n").reason()).contains("three digits");
        assertThat(invalid("SIP/2.0 700 Too Big\r\n\r\n").reason()).contains("out of range");
        assertThat(invalid("SIP/3.0 200 OK\r\n\r\n").status()).isEqualTo(505);
        assertThat(invalid("INVITE sip:a@b HTTP/1.1\r\n\r\n").reason()).contains("malformed SIP version");
        assertThat(parser.parse(bytes("<html>"), 0, 6)).isInstanceOf(ParseResult.Invalid.class);
    }

    @Test
    void neverThrowsOnBadArguments() {
        assertThat(parser.parse(null, 0, 0)).isInstanceOf(ParseResult.Invalid.class);
        assertThat(parser.parse(new byte[4], 3, 2)).isInstanceOf(ParseResult.Invalid.class);
        assertThat(parser.parse(new byte[4], -1, 2)).isInstanceOf(ParseResult.Invalid.class);
        assertThat(parser.parse(new byte[0])).isInstanceOf(ParseResult.Invalid.class);
    }

    @Test
    void parsesAtAnOffset() {
        byte[] message = bytes("junk" + options("off") + "junk");
        ParseResult result = parser.parse(message, 4, message.length - 8);
        assertThat(((ParseResult.Parsed) result).message().callId()).isEqualTo("off");
    }

    @Test
    void reasonsDoNotEchoControlCharacters() {
        ParseResult.Invalid invalid = invalid(options("r").replace("CSeq: 63104 OPTIONS", "CSeq: 1\u0001\u0007 OPTIONS"));
        assertThat(invalid.reason()).doesNotContain("\u0001", "\u0007");
    }

    @Test
    void hostileInputStaysLinear() {
        // Long runs of the characters the scanners branch on; a backtracking parser would take ages.
        SipLimits big = new SipLimits(1_000_000, 128, 1_000_000);
        SipParser parser = new SipParser(big);
        String[] fillers = {";", "\"", "<", ",", "\\", "%", " ", ";a=", "\r\n "};
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (String filler : fillers) {
                String value = filler.repeat(900_000 / filler.length());
                for (String header : new String[] {"Via: SIP/2.0/UDP h", "Contact: ", "From: ", "X-Other: "}) {
                    byte[] message = bytes(options("lin").replace("Max-Forwards: 70", header + value));
                    assertThat(parser.parse(message, 0, message.length)).isNotNull();
                }
            }
        });
    }

    @Test
    void headerNamesInAnyCaseOrCompactFormBecomeCanonicalAndUnknownOnesKeepTheirSpelling() {
        String text = options("names").replace("Via:", "vIA :").replace("Call-ID:", "i:").replace("CSeq:", "cseq:")
                .replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nX-Vendor-THING: 1\r\nk: path\r\n");
        SipRequest request = request(text);
        assertThat(request.headers()).extracting(SipHeaders.Entry::name).containsExactly("Via", "Max-Forwards",
                "X-Vendor-THING", "Supported", "To", "From", "Call-ID", "CSeq", "Content-Length");
        assertThat(request.headers().first("x-vendor-thing")).isEqualTo("1");
        assertThat(request.callId()).isEqualTo("names");
        assertThat(request.topVia().branch()).isEqualTo("z9hG4bKnames");
    }

    /**
     * Values are cut from the bytes and decoded once; they must read exactly as decoding the whole
     * value and stripping it would, whatever the bytes: invalid UTF-8, controls, Unicode spaces.
     */
    @Test
    void headerValuesReadAsTheirStrippedUtf8Decoding() {
        byte[][] pieces = {bytes(" "), bytes("\t"), bytes("\u000b"), bytes("\u001f"), bytes("\u2003"), bytes("\u3000"),
            bytes("\u00a0"), bytes("é"), bytes("大"), bytes("a"), bytes(","), {(byte) 0xe2}, {(byte) 0xe2, (byte) 0x80},
            {(byte) 0xf0, (byte) 0x9f, (byte) 0x98}, {(byte) 0x80}, {(byte) 0xff}, {0}};
        Random random = new Random(3261);
        byte[] head = bytes(options("values").replace("Content-Length: 0\r\n\r\n", "Subject:"));
        for (int round = 0; round < 2_000; round++) {
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            for (int n = random.nextInt(8); n > 0; n--) {
                value.writeBytes(pieces[random.nextInt(pieces.length)]);
            }
            byte[] raw = value.toByteArray();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            wire.writeBytes(head);
            wire.writeBytes(raw);
            wire.writeBytes(bytes("\r\n\r\n"));
            String expected = new String(raw, StandardCharsets.UTF_8).strip();
            assertThat(request(wire.toByteArray()).headers().first("Subject"))
                    .as("value bytes %s", HexFormat.of().formatHex(raw)).isEqualTo(expected);
        }
    }

    @Test
    void parsedContactsAreReadOnceAndHandedOutAsFreshLists() {
        SipRequest request = request(invite("contacts", ""));
        List<NameAddress> first = request.contacts();
        first.clear();
        assertThat(request.contacts()).hasSize(1);
        assertThat(request.contacts().get(0)).isSameAs(request.contacts().get(0));
        request.headers().add("Contact", "<sip:other@example.com>");
        assertThat(request.contacts()).extracting(NameAddress::uri)
                .containsExactly("sip:alice@client.example.com;transport=tcp", "sip:other@example.com");
    }

    private SipMessage parsed(String text) {
        byte[] data = bytes(text);
        ParseResult result = parser.parse(data, 0, data.length);
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).message();
    }

    private SipRequest request(byte[] wire) {
        ParseResult result = parser.parse(wire);
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return (SipRequest) ((ParseResult.Parsed) result).message();
    }

    private SipRequest request(String text) {
        return (SipRequest) parsed(text);
    }

    private ParseResult.Invalid invalid(String text) {
        byte[] data = bytes(text);
        ParseResult result = parser.parse(data, 0, data.length);
        assertThat(result).isInstanceOf(ParseResult.Invalid.class);
        return (ParseResult.Invalid) result;
    }
}
