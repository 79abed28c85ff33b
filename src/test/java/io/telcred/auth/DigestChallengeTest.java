package io.telcred.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DigestChallengeTest {

    private static final List<DigestAlgorithm> BOTH = List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);

    @Test
    void offersOnlyTheConfiguredAlgorithmsInTheirOrder() {
        assertThat(DigestChallenge.headerValues(List.of(DigestAlgorithm.MD5), "r", "n", false, null))
                .containsExactly("Digest realm=\"r\", nonce=\"n\", algorithm=MD5, qop=\"auth\"");
    }

    private static final String NONCE = "AAABjV1mYh0x2b9zQ8kq3rT7wU5yZ1xC4vB6nM8aS0d";

    @Test
    void offersSha256FirstThenMd5WithQopAuth() {
        assertThat(DigestChallenge.headerValues(BOTH, "sip.example.test", NONCE, false, null)).containsExactly(
                "Digest realm=\"sip.example.test\", nonce=\"" + NONCE + "\", algorithm=SHA-256, qop=\"auth\"",
                "Digest realm=\"sip.example.test\", nonce=\"" + NONCE + "\", algorithm=MD5, qop=\"auth\"");
    }

    @Test
    void staleChallengeSaysSoInBoth() {
        assertThat(DigestChallenge.headerValues(BOTH, "sip.example.test", NONCE, true, null)).containsExactly(
                "Digest realm=\"sip.example.test\", nonce=\"" + NONCE + "\", algorithm=SHA-256, qop=\"auth\", stale=true",
                "Digest realm=\"sip.example.test\", nonce=\"" + NONCE + "\", algorithm=MD5, qop=\"auth\", stale=true");
    }

    @Test
    void opaqueIsSentWhenGiven() {
        assertThat(DigestChallenge.headerValues(BOTH, "r", "n", true, "op1")).containsExactly(
                "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256, qop=\"auth\", opaque=\"op1\", stale=true",
                "Digest realm=\"r\", nonce=\"n\", algorithm=MD5, qop=\"auth\", opaque=\"op1\", stale=true");
    }

    @Test
    void quotesAndBackslashesInARealmAreEscaped() {
        assertThat(DigestChallenge.headerValues(BOTH, "my \"office\" \\ sip", "n", false, null).get(0))
                .isEqualTo("Digest realm=\"my \\\"office\\\" \\\\ sip\", nonce=\"n\", algorithm=SHA-256, qop=\"auth\"");
    }

    @Test
    void controlCharactersThatCouldEndTheHeaderAreRefused() {
        assertThatThrownBy(() -> DigestChallenge.headerValues(BOTH, "r\r\nVia: evil", "n", false, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DigestChallenge.headerValues(BOTH, "r", "n", false, "o\u0000"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientAnsweringAChallengeEchoesValuesOurParserReadsBack() {
        String realm = "my \"office\" \\ sip";
        String challenge = DigestChallenge.headerValues(BOTH, realm, NONCE, false, "o").get(1);
        // A client copies the quoted realm and nonce verbatim into its Authorization header.
        String quotedRealm = challenge.substring(challenge.indexOf("realm=") + 6, challenge.indexOf(", nonce="));
        DigestAuthorization answer = DigestAuthorization.parse("Digest username=\"alice\", realm=" + quotedRealm
                + ", nonce=\"" + NONCE + "\", uri=\"sip:r\", response=\"0a\", opaque=\"o\"");
        assertThat(answer.realm()).isEqualTo(realm);
        assertThat(answer.nonce()).isEqualTo(NONCE);
    }
}
