package io.telcred.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.crypto.Hashes;
import io.telcred.secret.Ha1Hashes;
import io.telcred.secret.SipSecret;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DigestMathTest {

    // RFC 7616 §3.9.1: user Mufasa, password "Circle of Life", GET /dir/index.html.
    private static final Ha1Hashes MUFASA = secret("Mufasa", "http-auth@example.org", "Circle of Life");
    private static final String RFC7616_NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final DigestResponse RFC7616_SHA256 = new DigestResponse(named("SHA-256"), "GET", "/dir/index.html",
            RFC7616_NONCE, "00000001", RFC7616_CNONCE, "auth", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    private static final DigestResponse RFC7616_MD5 = new DigestResponse(named("MD5"), "GET", "/dir/index.html",
            RFC7616_NONCE, "00000001", RFC7616_CNONCE, "auth", "8ca523f5e9506fed4657c9700eebdbec");
    // SIPp's auth.cpp unit tests: user testuser, password "secret", no qop.
    private static final Ha1Hashes TESTUSER = secret("testuser", "testrealm@host.com", "secret");

    @Test
    void rfc7616ExamplesMatchWithSha256AndMd5() {
        assertThat(DigestMath.matches(MUFASA, RFC7616_SHA256)).isTrue();
        assertThat(DigestMath.matches(MUFASA, RFC7616_MD5)).isTrue();
        assertThat(DigestMath.matches(secret("Mufasa", "http-auth@example.org", "Circle Of Life"), RFC7616_MD5)).isFalse();
    }

    @Test
    void rfc2617ExampleWithoutAlgorithmIsMd5() {
        DigestResponse digest = new DigestResponse(DigestAlgorithm.DEFAULT, "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                "00000001", "0a4f113b", "auth", "6629fae49393a05397450978507c4ef1");
        assertThat(DigestMath.matches(secret("Mufasa", "testrealm@host.com", "Circle Of Life"), digest)).isTrue();
    }

    @Test
    void responsesWithoutQopMatch() {
        assertThat(DigestMath.matches(TESTUSER, new DigestResponse(named("MD5"), "REGISTER", "sip:sip:example.com",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, null, null, "db94e01e92f2b09a52a234eeca8b90f7"))).isTrue();
        assertThat(DigestMath.matches(TESTUSER, new DigestResponse(named("SHA-256"), "REGISTER", "sip:sip:example.com",
                "ZaGxV2WhsCtREI2EsiD1LR0RYd", null, null, null,
                "91b58523b983191b52d14455a2599631990110c974ed2e4b4b49bc6053af04ce"))).isTrue();
    }

    @Test
    void responseInUpperOrMixedCaseHexMatches() {
        assertThat(DigestMath.matches(MUFASA, withResponse(RFC7616_MD5, "8CA523F5E9506FED4657C9700EEBDBEC"))).isTrue();
        assertThat(DigestMath.matches(MUFASA, withResponse(RFC7616_MD5, "8cA523f5E9506fed4657c9700eebdbeC"))).isTrue();
        assertThat(DigestMath.matches(MUFASA, withResponse(RFC7616_SHA256, RFC7616_SHA256.response().toUpperCase()))).isTrue();
        assertThat(DigestMath.matches(MUFASA, new DigestResponse(named("sha-256"), "GET", "/dir/index.html", RFC7616_NONCE,
                "00000001", RFC7616_CNONCE, "auth", RFC7616_SHA256.response()))).isTrue();
    }

    @Test
    void anyChangedFieldOrDigitDoesNotMatch() {
        DigestResponse d = RFC7616_MD5;
        List<DigestResponse> changed = List.of(
                new DigestResponse(named("MD5"), "POST", d.uri(), d.nonce(), d.nc(), d.cnonce(), d.qop(), d.response()),
                new DigestResponse(named("MD5"), d.method(), "/dir/index.htm", d.nonce(), d.nc(), d.cnonce(), d.qop(), d.response()),
                new DigestResponse(named("MD5"), d.method(), d.uri(), d.nonce() + "x", d.nc(), d.cnonce(), d.qop(), d.response()),
                new DigestResponse(named("MD5"), d.method(), d.uri(), d.nonce(), "00000002", d.cnonce(), d.qop(), d.response()),
                new DigestResponse(named("MD5"), d.method(), d.uri(), d.nonce(), d.nc(), "x", d.qop(), d.response()),
                new DigestResponse(named("MD5"), d.method(), d.uri(), d.nonce(), null, null, null, d.response()),
                new DigestResponse(named("SHA-256"), d.method(), d.uri(), d.nonce(), d.nc(), d.cnonce(), d.qop(), d.response()));
        for (DigestResponse digest : changed) {
            assertThat(DigestMath.matches(MUFASA, digest)).as("%s", digest).isFalse();
        }
        for (int i = 0; i < d.response().length(); i++) {
            char digit = d.response().charAt(i) == '0' ? '1' : '0';
            String response = d.response().substring(0, i) + digit + d.response().substring(i + 1);
            assertThat(DigestMath.matches(MUFASA, withResponse(d, response))).as("digit %d", i).isFalse();
        }
    }

    @Test
    void responseThatIsNotHexOfTheDigestsLengthDoesNotMatch() {
        String right = RFC7616_MD5.response();
        // \u0018 would become '8' if case were folded by setting a bit blindly.
        for (String response : new String[] {"", right.substring(1), right + "0", right.substring(0, 31) + "g",
                "\u0018ca523f5e9506fed4657c9700eebdbec", right.substring(0, 31) + "\u0660", " " + right.substring(1),
                right.replace('8', '\uff18'), RFC7616_SHA256.response()}) {
            assertThat(DigestMath.matches(MUFASA, withResponse(RFC7616_MD5, response))).as(response).isFalse();
        }
    }

    @Test
    void unsupportedQopOrAlgorithmAndMissingFieldsDoNotMatch() {
        DigestResponse d = RFC7616_MD5;
        List<DigestResponse> refused = List.of(
                new DigestResponse(named("MD5-sess"), d.method(), d.uri(), d.nonce(), d.nc(), d.cnonce(), d.qop(), d.response()),
                new DigestResponse(named("SHA-512-256"), d.method(), d.uri(), d.nonce(), d.nc(), d.cnonce(), d.qop(), d.response()),
                new DigestResponse(named("MD5"), d.method(), d.uri(), d.nonce(), d.nc(), d.cnonce(), "auth-int", d.response()),
                new DigestResponse(named("MD5"), d.method(), d.uri(), d.nonce(), null, d.cnonce(), "auth", d.response()),
                new DigestResponse(named("MD5"), d.method(), d.uri(), d.nonce(), d.nc(), null, "auth", d.response()),
                new DigestResponse(named("MD5"), null, d.uri(), d.nonce(), d.nc(), d.cnonce(), d.qop(), d.response()),
                new DigestResponse(named("MD5"), d.method(), null, d.nonce(), d.nc(), d.cnonce(), d.qop(), d.response()),
                new DigestResponse(named("MD5"), d.method(), d.uri(), null, d.nc(), d.cnonce(), d.qop(), d.response()),
                new DigestResponse(named("MD5"), d.method(), d.uri(), d.nonce(), d.nc(), d.cnonce(), d.qop(), null));
        for (DigestResponse digest : refused) {
            assertThat(DigestMath.matches(MUFASA, digest)).as("%s", digest).isFalse();
        }
    }

    @Test
    void nonAsciiAndLongFieldsAreHashedAsUtf8() {
        for (String uri : new String[] {"sip:caf\u00e9@example.test", "sip:\u7535\u8bdd@example.test;x=\ud83d\udcde",
                "sip:" + "a".repeat(3_000) + "@example.test", "sip:" + "\u00e9".repeat(2_000) + "@example.test"}) {
            for (String algorithm : new String[] {"MD5", "SHA-256"}) {
                DigestResponse digest = new DigestResponse(named(algorithm), "INVITE", uri, "n\u00f6nce", "0000000a", "c\u00f1once",
                        "auth", null);
                DigestResponse answered = withResponse(digest, reference(stored("Mufasa", "http-auth@example.org", "Circle of Life"), digest));
                assertThat(DigestMath.matches(MUFASA, answered)).as("%s %s", algorithm, uri.substring(0, 20)).isTrue();
            }
        }
    }

    @Test
    void threadsCheckAtOnceWithoutDisturbingEachOther() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    int matched = 0;
                    for (int i = 0; i < 2_000; i++) {
                        matched += DigestMath.matches(MUFASA, i % 2 == 0 ? RFC7616_MD5 : RFC7616_SHA256) ? 1 : 0;
                        matched -= DigestMath.matches(MUFASA, withResponse(RFC7616_MD5, "0".repeat(32))) ? 1 : 0;
                    }
                    return matched;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Ha1Hashes secret(String username, String realm, String password) {
        return Ha1Hashes.of(stored(username, realm, password));
    }

    private static SipSecret stored(String username, String realm, String password) {
        String ha1 = username + ":" + realm + ":" + password;
        return new SipSecret("sealed", realm, Hashes.md5Hex(ha1), Hashes.sha256Hex(ha1));
    }

    private static DigestAlgorithm named(String name) {
        return DigestAlgorithm.named(name);
    }

    private static DigestResponse withResponse(DigestResponse d, String response) {
        return new DigestResponse(d.algorithm(), d.method(), d.uri(), d.nonce(), d.nc(), d.cnonce(), d.qop(), response);
    }

    /** RFC 7616 §3.4.1 with qop "auth", spelled out with strings. */
    private static String reference(SipSecret secret, DigestResponse d) {
        String hash = d.algorithm().wireName();
        String ha1 = d.algorithm() == DigestAlgorithm.MD5 ? secret.ha1Md5() : secret.ha1Sha256();
        String ha2 = Hashes.hex(hash, d.method() + ":" + d.uri());
        return Hashes.hex(hash, ha1 + ":" + d.nonce() + ":" + d.nc() + ":" + d.cnonce() + ":auth:" + ha2);
    }
}
