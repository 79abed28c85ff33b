package io.telcred.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.auth.DigestResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DigestAuthorizationTest {

    // RFC 7616 §3.9.1: user Mufasa, password "Circle of Life", GET /dir/index.html.
    private static final String RFC7616_SHA256 = "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
            + "uri=\"/dir/index.html\", algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            + "nc=00000001, cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, "
            + "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
            + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    private static final String RFC7616_MD5 = "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
            + "uri=\"/dir/index.html\", algorithm=MD5, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            + "nc=00000001, cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, "
            + "response=\"8ca523f5e9506fed4657c9700eebdbec\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    // RFC 2617 §3.5 (note "Circle Of Life" with a capital O there), with the header folded over lines.
    private static final String RFC2617 = "Digest username=\"Mufasa\",\r\n realm=\"testrealm@host.com\",\r\n"
            + "\tnonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\",\r\n uri=\"/dir/index.html\",\r\n qop=auth,\r\n"
            + " nc=00000001,\r\n cnonce=\"0a4f113b\",\r\n response=\"6629fae49393a05397450978507c4ef1\",\r\n"
            + " opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

    private static final String REALM = "sip.example.test";
    private static final String PASSWORD = "correct-horse-1";
    private static final String NONCE = "AAABjV1mYh0x2b9zQ8kq3rT7wU5yZ1xC4vB6nM8aS0d";

    @Test
    void rfc7616ExampleWithSha256ParsesAndItsResponseRecomputes() {
        DigestAuthorization auth = DigestAuthorization.parse(RFC7616_SHA256);
        assertThat(auth).isNotNull();
        assertThat(auth.username()).isEqualTo("Mufasa");
        assertThat(auth.realm()).isEqualTo("http-auth@example.org");
        assertThat(auth.uri()).isEqualTo("/dir/index.html");
        assertThat(auth.algorithm()).isEqualTo(DigestAlgorithm.SHA_256);
        assertThat(auth.nonce()).isEqualTo("7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v");
        assertThat(auth.nc()).isEqualTo("00000001");
        assertThat(auth.cnonce()).isEqualTo("f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");
        assertThat(auth.qop()).isEqualTo("auth");
        assertThat(auth.opaque()).isEqualTo("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
        DigestResponse digest = auth.toDigestResponse("GET");
        assertThat(digest).isEqualTo(new DigestResponse(DigestAlgorithm.SHA_256, "GET", "/dir/index.html",
                "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "auth",
                "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"));
        assertThat(expectedResponse(auth.username(), auth.realm(), "Circle of Life", digest)).isEqualTo(auth.response());
        assertThat(expectedResponse(auth.username(), auth.realm(), "Circle Of Life", digest)).isNotEqualTo(auth.response());
    }

    @Test
    void rfc7616ExampleWithMd5ParsesAndItsResponseRecomputes() {
        DigestAuthorization auth = DigestAuthorization.parse(RFC7616_MD5);
        assertThat(auth.algorithm()).isEqualTo(DigestAlgorithm.MD5);
        assertThat(expectedResponse("Mufasa", "http-auth@example.org", "Circle of Life", auth.toDigestResponse("GET")))
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
        assertThat(expectedResponse("Mufasa", "http-auth@example.org", "Circle of Life", auth.toDigestResponse("POST")))
                .isNotEqualTo(auth.response());
    }

    @Test
    void rfc2617ExampleFoldedOverLinesWithoutAlgorithmDefaultsToMd5() {
        DigestAuthorization auth = DigestAuthorization.parse(RFC2617);
        assertThat(auth.algorithm()).isEqualTo(DigestAlgorithm.MD5);
        assertThat(auth.nonce()).isEqualTo("dcd98b7102dd2f0e8b11d0f600bfb0c093");
        assertThat(expectedResponse("Mufasa", "testrealm@host.com", "Circle Of Life", auth.toDigestResponse("GET")))
                .isEqualTo(auth.response());
    }

    @Test
    void sippResponsesWithoutQopFromItsOwnUnitTestsRecompute() {
        // SIPp's auth.cpp unit tests: user testuser, password "secret", REGISTER, its "sip:sip:" URI quirk.
        DigestAuthorization md5 = DigestAuthorization.parse("Digest username=\"testuser\",realm=\"testrealm@host.com\","
                + "uri=\"sip:sip:example.com\",nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\","
                + "response=\"db94e01e92f2b09a52a234eeca8b90f7\",algorithm=MD5,opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        DigestAuthorization sha256 = DigestAuthorization.parse("Digest username=\"testuser\",realm=\"testrealm@host.com\","
                + "uri=\"sip:sip:example.com\",nonce=\"ZaGxV2WhsCtREI2EsiD1LR0RYd\","
                + "response=\"91b58523b983191b52d14455a2599631990110c974ed2e4b4b49bc6053af04ce\",algorithm=SHA-256");
        for (DigestAuthorization auth : new DigestAuthorization[] {md5, sha256}) {
            assertThat(auth.qop()).isNull();
            assertThat(auth.nc()).isNull();
            assertThat(auth.cnonce()).isNull();
            assertThat(expectedResponse("testuser", "testrealm@host.com", "secret", auth.toDigestResponse("REGISTER")))
                    .isEqualTo(auth.response());
        }
    }

    static Stream<Arguments> clientStyles() {
        return Stream.of(
                Arguments.of("SIPp (no spaces, qop before uri)", "MD5",
                        "Digest username=\"alice\",realm=\"" + REALM + "\",cnonce=\"6b8b4567327b23c6\",nc=00000001,qop=auth,"
                                + "uri=\"sip:" + REALM + ":5060\",nonce=\"" + NONCE + "\",response=\"%s\",algorithm=MD5"),
                Arguments.of("baresip (algorithm last, cnonce of 16 hex digits)", "SHA-256",
                        "Digest username=\"alice\", realm=\"" + REALM + "\", nonce=\"" + NONCE + "\", uri=\"sip:" + REALM
                                + "\", response=\"%s\", cnonce=\"0123456789abcdef\", qop=auth, nc=00000001, algorithm=SHA-256"),
                Arguments.of("SIP.js (algorithm first)", "MD5",
                        "Digest algorithm=MD5, username=\"alice\", realm=\"" + REALM + "\", nonce=\"" + NONCE
                                + "\", uri=\"sip:" + REALM + "\", response=\"%s\", qop=auth, cnonce=\"k3n9z1m0q2w8\", nc=00000001"),
                Arguments.of("JsSIP (no spaces, algorithm last)", "MD5",
                        "Digest username=\"alice\",realm=\"" + REALM + "\",nonce=\"" + NONCE + "\",uri=\"sip:" + REALM
                                + ";transport=ws\",response=\"%s\",qop=auth,cnonce=\"8ui4mvdn1s0g\",nc=00000001,algorithm=MD5"),
                Arguments.of("Linphone (realm first, qop last)", "SHA-256",
                        "Digest realm=\"" + REALM + "\", nonce=\"" + NONCE + "\", algorithm=SHA-256, username=\"alice\", "
                                + "uri=\"sip:" + REALM + "\", response=\"%s\", cnonce=\"LcnIk7KL5JC3Yu0A\", nc=00000001, qop=auth"),
                Arguments.of("Zoiper (quoted qop and algorithm, transport in the URI)", "MD5",
                        "Digest username=\"alice\",realm=\"" + REALM + "\",nonce=\"" + NONCE + "\",uri=\"sip:" + REALM
                                + ";transport=UDP\",response=\"%s\",cnonce=\"a1b2c3d4e5f60718\",nc=00000001,qop=\"auth\","
                                + "algorithm=\"MD5\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientStyles")
    void headersInTheStylesOfRealClientsParseAndVerify(String client, String algorithm, String template) {
        // Compute the response from the known fields, independently of the parser, then parse.
        String uri = template.replaceAll(".*uri=\"([^\"]*)\".*", "$1");
        String cnonce = template.replaceAll(".*cnonce=\"([^\"]*)\".*", "$1");
        String response = expectedResponse("alice", REALM, PASSWORD,
                new DigestResponse(DigestAlgorithm.named(algorithm), "REGISTER", uri, NONCE, "00000001", cnonce, "auth", null));
        DigestAuthorization auth = DigestAuthorization.parse(template.formatted(response));
        assertThat(auth).as(client).isNotNull();
        assertThat(auth.username()).isEqualTo("alice");
        assertThat(auth.realm()).isEqualTo(REALM);
        assertThat(auth.nonce()).isEqualTo(NONCE);
        assertThat(auth.uri()).isEqualTo(uri);
        assertThat(auth.algorithm()).isEqualTo(DigestAlgorithm.named(algorithm));
        assertThat(auth.qop()).isEqualTo("auth");
        assertThat(auth.nc()).isEqualTo("00000001");
        assertThat(auth.cnonce()).isEqualTo(cnonce);
        assertThat(auth.response()).isEqualTo(response);
        assertThat(expectedResponse("alice", REALM, PASSWORD, auth.toDigestResponse("REGISTER"))).isEqualTo(response);
        assertThat(expectedResponse("alice", REALM, "wrong-horse-1", auth.toDigestResponse("REGISTER"))).isNotEqualTo(response);
    }

    @Test
    void quotedStringEscapesAreUndone() {
        DigestAuthorization auth = DigestAuthorization.parse(
                "Digest username=\"al\\\"ice\\\\x\", realm=\"r\\e\", nonce=\"n\", uri=\"sip:r\", response=\"0a\"");
        assertThat(auth.username()).isEqualTo("al\"ice\\x");
        assertThat(auth.realm()).isEqualTo("re");
    }

    @Test
    void commasAndEqualsSignsInsideQuotesAreData() {
        DigestAuthorization auth = DigestAuthorization.parse(
                "Digest username=\"a, nonce=evil\", realm=\"r\", nonce=\"n\", uri=\"sip:a@r;x=1,2\", response=\"0a\"");
        assertThat(auth.username()).isEqualTo("a, nonce=evil");
        assertThat(auth.nonce()).isEqualTo("n");
        assertThat(auth.uri()).isEqualTo("sip:a@r;x=1,2");
    }

    @Test
    void schemeAndParameterNamesAreCaseInsensitiveAndWhitespaceIsFlexible() {
        DigestAuthorization auth = DigestAuthorization.parse(
                "  dIgEsT\tUserName = \"alice\" ,REALM=\"r\",\tNonce= \"n\" , URI =\"sip:r\",Response=\"0A\" , Algorithm=sha-256 ");
        assertThat(auth).isNotNull();
        assertThat(auth.username()).isEqualTo("alice");
        assertThat(auth.algorithm()).isEqualTo(DigestAlgorithm.SHA_256);
        assertThat(auth.response()).isEqualTo("0A");
    }

    @Test
    void valuesOutsideWhatWeVerifyParseSoThatTheCallerCanRefuseThem() {
        DigestAuthorization authInt = DigestAuthorization.parse(
                "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0a\", qop=auth-int, nc=00000001, cnonce=\"c\"");
        assertThat(authInt.qop()).isEqualTo("auth-int");
        DigestAuthorization sha512 = DigestAuthorization.parse(
                "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0a\", algorithm=SHA-512-256");
        assertThat(sha512).isNotNull();
        assertThat(sha512.algorithm()).as("not an algorithm telcred speaks").isNull();
        DigestAuthorization unknownParameter = DigestAuthorization.parse(
                "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0a\", userhash=false, x-vendor=\"1\"");
        assertThat(unknownParameter).isNotNull();
    }

    static Stream<Arguments> malformed() {
        String ok = "username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0a\"";
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("scheme only", "Digest"),
                Arguments.of("scheme and a space", "Digest "),
                Arguments.of("Basic scheme", "Basic YWxpY2U6c2VjcmV0"),
                Arguments.of("no space after the scheme", "Digest,username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0a\""),
                Arguments.of("scheme glued to a name", "Digestusername=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0a\""),
                Arguments.of("unbalanced quote", "Digest username=\"a, realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0a"),
                Arguments.of("escape at the end", "Digest " + ok + ", opaque=\"x\\"),
                Arguments.of("duplicate parameter", "Digest " + ok + ", username=\"b\""),
                Arguments.of("duplicate in another case", "Digest " + ok + ", NONCE=\"m\""),
                Arguments.of("duplicate unknown parameter", "Digest " + ok + ", userhash=false, x=1, userhash=true"),
                Arguments.of("duplicate unknown parameter in another case", "Digest " + ok + ", x-Vendor=1, X-VENDOR=\"2\""),
                Arguments.of("missing username", "Digest realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0a\""),
                Arguments.of("missing realm", "Digest username=\"a\", nonce=\"n\", uri=\"sip:r\", response=\"0a\""),
                Arguments.of("missing nonce", "Digest username=\"a\", realm=\"r\", uri=\"sip:r\", response=\"0a\""),
                Arguments.of("missing uri", "Digest username=\"a\", realm=\"r\", nonce=\"n\", response=\"0a\""),
                Arguments.of("missing response", "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:r\""),
                Arguments.of("empty response", "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"\""),
                Arguments.of("response not hex", "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"zz\""),
                Arguments.of("response too long", "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"" + "a".repeat(129) + "\""),
                Arguments.of("empty nonce", "Digest username=\"a\", realm=\"r\", nonce=\"\", uri=\"sip:r\", response=\"0a\""),
                Arguments.of("qop without nc", "Digest " + ok + ", qop=auth, cnonce=\"c\""),
                Arguments.of("qop without cnonce", "Digest " + ok + ", qop=auth, nc=00000001"),
                Arguments.of("qop with empty cnonce", "Digest " + ok + ", qop=auth, nc=00000001, cnonce=\"\""),
                Arguments.of("qop list", "Digest " + ok + ", qop=\"auth,auth-int\", nc=00000001, cnonce=\"c\""),
                Arguments.of("nc of seven digits", "Digest " + ok + ", qop=auth, nc=0000001, cnonce=\"c\""),
                Arguments.of("nc not hex", "Digest " + ok + ", qop=auth, nc=0000000g, cnonce=\"c\""),
                Arguments.of("nc without qop", "Digest " + ok + ", nc=00000001"),
                Arguments.of("cnonce without qop", "Digest " + ok + ", cnonce=\"c\""),
                Arguments.of("trailing comma", "Digest " + ok + ","),
                Arguments.of("empty element", "Digest username=\"a\",, realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0a\""),
                Arguments.of("missing comma", "Digest username=\"a\" realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0a\""),
                Arguments.of("name without value", "Digest " + ok + ", opaque="),
                Arguments.of("name without equals", "Digest " + ok + ", opaque"),
                Arguments.of("unquoted URI", "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=sip:r, response=\"0a\""),
                Arguments.of("NUL in a quoted string", "Digest username=\"a\u0000b\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0a\""),
                Arguments.of("bare CR LF in a quoted string", "Digest username=\"a\r\nVia: x\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0a\""),
                Arguments.of("longer than 4 KiB", "Digest " + ok + ", opaque=\"" + "x".repeat(DigestAuthorization.MAX_HEADER_LENGTH) + "\""),
                Arguments.of("too many parameters", "Digest " + ok + ", " + manyParameters(DigestAuthorization.MAX_PARAMETERS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedHeadersAreRefused(String what, String header) {
        assertThat(DigestAuthorization.parse(header)).isNull();
    }

    @Test
    void headerWithExactlyTheMaximumNumberOfParametersIsRead() {
        String header = "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0a\", "
                + manyParameters(DigestAuthorization.MAX_PARAMETERS - 5);
        assertThat(DigestAuthorization.parse(header)).isNotNull();
    }

    @Test
    void escapeInTheMiddleOfAQuotedValueKeepsWhatCameBeforeIt() {
        DigestAuthorization auth = DigestAuthorization.parse(
                "Digest username=\"alice\\@home\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0a\", opaque=\"\"");
        assertThat(auth.username()).isEqualTo("alice@home");
        assertThat(auth.opaque()).isEmpty();
    }

    @Test
    void headerOfExactlyTheMaximumLengthIsRead() {
        String start = "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"0a\", opaque=\"";
        String header = start + "x".repeat(DigestAuthorization.MAX_HEADER_LENGTH - start.length() - 1) + "\"";
        assertThat(header).hasSize(DigestAuthorization.MAX_HEADER_LENGTH);
        assertThat(DigestAuthorization.parse(header)).isNotNull();
    }

    @Test
    void textFormKeepsTheResponseOutOfLogs() {
        DigestAuthorization auth = DigestAuthorization.parse(RFC7616_SHA256);
        assertThat(auth.toString()).contains("Mufasa").doesNotContain(auth.response()).doesNotContain(auth.cnonce());
    }

    private static String manyParameters(int count) {
        StringBuilder params = new StringBuilder();
        for (int i = 0; i < count; i++) {
            params.append(i == 0 ? "" : ", ").append("x").append(i).append("=1");
        }
        return params.toString();
    }

    /** RFC 7616 §3.4.1 for qop "auth" or none, as the directory computes it. */
    private static String expectedResponse(String username, String realm, String password, DigestResponse d) {
        String ha1 = hex(d.algorithm().wireName(), username + ":" + realm + ":" + password);
        String ha2 = hex(d.algorithm().wireName(), d.method() + ":" + d.uri());
        if (d.qop() == null) {
            return hex(d.algorithm().wireName(), ha1 + ":" + d.nonce() + ":" + ha2);
        }
        return hex(d.algorithm().wireName(), ha1 + ":" + d.nonce() + ":" + d.nc() + ":" + d.cnonce() + ":" + d.qop() + ":" + ha2);
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
