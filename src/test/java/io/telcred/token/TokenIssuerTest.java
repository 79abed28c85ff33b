package io.telcred.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.common.DomainException;
import io.telcred.common.Problem;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {

    private final TokenFixture node = new TokenFixture();

    @Test
    void headerNamesEs256JwtAndTheCurrentKid() {
        String token = node.issuer.mint(node.credential("cred-1"));
        JsonNode header = TokenFixture.part(token, 0);

        assertThat(header.get("alg").asText()).isEqualTo("ES256");
        assertThat(header.get("typ").asText()).isEqualTo("JWT");
        assertThat(header.get("kid").asText()).isEqualTo(node.keys.signingKey().kid());
        assertThat(header.size()).isEqualTo(3);
    }

    @Test
    void claimsAreThoseOfTheHostedProductAndLast24Hours() {
        String token = node.issuer.mint(node.credential("cred-1"));
        JsonNode claims = TokenFixture.part(token, 1);
        long now = TokenFixture.START.getEpochSecond();

        assertThat(claims.get("iss").asText()).isEqualTo("telnyx_telephony");
        assertThat(claims.get("aud").isTextual()).isTrue();
        assertThat(claims.get("aud").asText()).isEqualTo("telnyx_telephony");
        assertThat(claims.get("sub").asText()).isEqualTo("cred-1");
        assertThat(UUID.fromString(claims.get("jti").asText())).isNotNull();
        assertThat(claims.get("iat").asLong()).isEqualTo(now);
        assertThat(claims.get("nbf").asLong()).isEqualTo(now);
        assertThat(claims.get("exp").asLong()).isEqualTo(now + Duration.ofHours(24).toSeconds());
        assertThat(claims.get("typ").asText()).isEqualTo("access");
    }

    @Test
    void tokenEndsWithTheCredentialWhenItExpiresSooner() {
        Instant credentialExpiry = TokenFixture.START.plus(Duration.ofHours(3)).plusMillis(700);
        TokenSubject subject = new TokenSubject("cred-1", "account-1", "gencred1", true, credentialExpiry, 0);

        JsonNode claims = TokenFixture.part(node.issuer.mint(subject), 1);

        assertThat(claims.get("exp").asLong()).isEqualTo(credentialExpiry.getEpochSecond());
    }

    @Test
    void everyTokenHasItsOwnJti() {
        TokenSubject subject = node.credential("cred-1");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ids.add(TokenFixture.part(node.issuer.mint(subject), 1).get("jti").asText());
        }
        assertThat(ids).hasSize(50);
    }

    @Test
    void refusesAnInactiveCredential() {
        TokenSubject inactive = new TokenSubject("cred-1", "account-1", "gencred1", false, null, 0);

        assertThatThrownBy(() -> node.issuer.mint(inactive))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.INVALID_VALUE);
                    assertThat(e.field()).isNull();
                    assertThat(e.detail()).contains("inactive");
                });
    }

    @Test
    void refusesAnExpiredCredential() {
        TokenSubject expired = new TokenSubject("cred-1", "account-1", "gencred1", true,
                TokenFixture.START.minusSeconds(1), 0);
        TokenSubject expiringNow = new TokenSubject("cred-1", "account-1", "gencred1", true,
                TokenFixture.START, 0);

        assertThatThrownBy(() -> node.issuer.mint(expired)).isInstanceOf(DomainException.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> node.issuer.mint(expiringNow)).isInstanceOf(DomainException.class);
    }

    @Test
    void tokenMintedJustAfterAReactivationIsNotRevokedByIt() {
        // deactivated and reactivated earlier in the same second as the mint: generation 1
        TokenSubject subject = new TokenSubject("cred-1", "account-1", "gencred1", true, null, 1);
        node.subjects.put("cred-1", subject);

        String token = node.issuer.mint(subject);

        assertThat(TokenFixture.part(token, 1).get("gen").intValue()).isEqualTo(1);
        assertThat(node.verifier.verify(token).credentialId()).isEqualTo("cred-1");
    }

    @Test
    void signatureChecksOutWithAPublicKeyRebuiltFromJwksByPlainJavaSecurity() throws Exception {
        String token = node.issuer.mint(node.credential("cred-1"));
        String[] parts = token.split("\\.");
        String kid = TokenFixture.part(token, 0).get("kid").asText();
        JsonNode jwk = null;
        for (JsonNode each : TokenFixture.JSON.readTree(node.keys.jwksJson()).get("keys")) {
            if (each.get("kid").asText().equals(kid)) {
                jwk = each;
            }
        }
        assertThat(jwk).as("the header kid is published in the JWKS").isNotNull();

        PublicKey publicKey = ecPublicKey(jwk.get("x").asText(), jwk.get("y").asText());
        Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
        ecdsa.initVerify(publicKey);
        ecdsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));

        assertThat(ecdsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void payloadBase64NeverContainsCharactersThatAtobRejects() {
        // '>', '?', '~' and DEL in the claims would map to '-' or '_' at every third byte
        TokenSettings awkward = new TokenSettings("https://issuer.example/?q=~>\u007f?", "aud~?>é\uD83D\uDE00",
                Duration.ofHours(24), Duration.ofMinutes(1));
        TokenFixture awkwardNode = new TokenFixture(new InMemorySigningKeyRepository(), awkward);

        for (int i = 0; i < 3000; i++) {
            String id = "cred-" + i + "?~>".substring(0, i % 4);
            TokenSubject subject = awkwardNode.credential(id);
            String token = awkwardNode.issuer.mint(subject);
            String payload = token.split("\\.")[1];

            assertThat(payload).doesNotContain("-").doesNotContain("_");
            byte[] decoded = Base64.getDecoder().decode(padded(payload));
            assertThat(new String(decoded, StandardCharsets.US_ASCII)).doesNotContain(">", "?", "~", "\u007f");
            if (i % 500 == 0) {
                assertThat(awkwardNode.verifier.verify(token).credentialId()).isEqualTo(id);
                assertThat(TokenFixture.part(token, 1).get("iss").asText()).isEqualTo(awkward.issuer());
            }
            awkwardNode.clock.advance(Duration.ofMillis(333));
        }
    }

    @Test
    void onlyGreaterQuestionTildeAndDelAsTheThirdByteOfAGroupBecomeDashOrUnderscore() {
        // The reasoning the issuer relies on, checked over every group of three ASCII bytes.
        byte[] groups = new byte[128 * 128 * 128 * 3];
        int at = 0;
        for (int a = 0; a < 128; a++) {
            for (int b = 0; b < 128; b++) {
                for (int c = 0; c < 128; c++) {
                    groups[at++] = (byte) a;
                    groups[at++] = (byte) b;
                    groups[at++] = (byte) c;
                }
            }
        }
        String encoded = Base64.getUrlEncoder().encodeToString(groups);
        Set<Character> offendingThirdBytes = new HashSet<>();
        for (int i = 0; i < encoded.length(); i++) {
            char sextet = encoded.charAt(i);
            if (sextet == '-' || sextet == '_') {
                assertThat(i % 4).as("only the last sextet of a group").isEqualTo(3);
                offendingThirdBytes.add((char) groups[i / 4 * 3 + 2]);
            }
        }
        assertThat(offendingThirdBytes).containsExactlyInAnyOrder('>', '?', '~', '\u007f');
    }

    private static String padded(String base64) {
        return base64 + "==".substring(0, (4 - base64.length() % 4) % 4);
    }

    static PublicKey ecPublicKey(String x, String y) throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec curve = parameters.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(new BigInteger(1, Base64.getUrlDecoder().decode(x)),
                new BigInteger(1, Base64.getUrlDecoder().decode(y)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, curve));
    }
}
