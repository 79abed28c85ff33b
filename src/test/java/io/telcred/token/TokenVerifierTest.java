package io.telcred.token;

import io.telcred.event.DomainEvents;
import static io.telcred.token.TokenFixture.base64Url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.telcred.token.TokenRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private static final long NOW = TokenFixture.START.getEpochSecond();
    private static final Duration LEEWAY = TokenFixture.SETTINGS.leeway();

    private final TokenFixture node = new TokenFixture();
    private final TokenSubject credential = node.credential("cred-1");

    @Test
    void mintedTokenVerifiesAndNamesItsCredential() {
        String token = node.issuer.mint(credential);

        VerifiedToken verified = node.verifier.verify(token);

        assertThat(verified.credentialId()).isEqualTo("cred-1");
        assertThat(verified.accountId()).isEqualTo("account-1");
        assertThat(verified.sipUsername()).isEqualTo(credential.sipUsername());
        assertThat(verified.jti()).isEqualTo(TokenFixture.part(token, 1).get("jti").asText());
        assertThat(verified.expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW).plus(Duration.ofHours(24)));
    }

    @Test
    void rejectsATamperedPayload() {
        node.credential("cred-2");
        String[] parts = node.issuer.mint(credential).split("\\.");
        String otherClaims = TokenFixture.part(String.join(".", parts), 1).toString().replace("cred-1", "cred-2");

        assertRejected(parts[0] + "." + base64Url(otherClaims) + "." + parts[2], Reason.SIGNATURE);
    }

    @Test
    void rejectsATamperedSignature() {
        String[] parts = node.issuer.mint(credential).split("\\.");
        char[] signature = parts[2].toCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';

        assertRejected(parts[0] + "." + parts[1] + "." + new String(signature), Reason.SIGNATURE);
    }

    @Test
    void rejectsASignatureWithAnotherSpellingOrLength() {
        String[] parts = node.issuer.mint(credential).split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        byte[] longer = Arrays.copyOf(signature, 65);

        assertRejected(parts[0] + "." + parts[1] + "." + parts[2] + "AA", Reason.SIGNATURE);
        assertRejected(parts[0] + "." + parts[1] + "." + base64Url(longer), Reason.SIGNATURE);
        assertRejected(parts[0] + "." + parts[1] + ".", Reason.SIGNATURE);
    }

    @Test
    void rejectsAlgNone() {
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + kid() + "\"}");
        String payload = TokenFixture.part(node.issuer.mint(credential), 1).toString();

        assertRejected(header + "." + base64Url(payload) + ".", Reason.ALGORITHM);
        assertRejected(base64Url("{\"alg\":\"none\"}") + "." + base64Url(payload) + ".", Reason.ALGORITHM);
    }

    @Test
    void rejectsHs256SignedWithThePublicKeyAsHmacSecret() throws Exception {
        String header = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid() + "\"}");
        String payload = base64Url(validClaims());
        ECKey publicJwk = node.keys.signingKey().publicJwk();
        byte[][] secrets = {
                node.keys.jwksJson().getBytes(StandardCharsets.UTF_8),
                publicJwk.toJSONString().getBytes(StandardCharsets.UTF_8),
                publicJwk.toECPublicKey().getEncoded(),
        };
        for (byte[] secret : secrets) {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] mac = hmac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));

            assertRejected(header + "." + payload + "." + base64Url(mac), Reason.ALGORITHM);
        }
    }

    @Test
    void rejectsRs256() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID(kid()).generate();
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid()).build(),
                new Payload(validClaims()));
        jws.sign(new RSASSASigner(rsa));

        assertRejected(jws.serialize(), Reason.ALGORITHM);
    }

    @Test
    void rejectsAnAlgorithmNameThatIsNotExactlyEs256() {
        for (String alg : new String[] {"es256", "ES256 ", "ES384", "ES256K", "EdDSA"}) {
            String token = node.signedWithOurKey("{\"alg\":\"" + alg + "\",\"kid\":\"" + kid() + "\"}", validClaims());
            assertRejected(token, Reason.ALGORITHM);
        }
        assertRejected(node.signedWithOurKey("{\"kid\":\"" + kid() + "\"}", validClaims()), Reason.ALGORITHM);
    }

    @Test
    void rejectsAnUnknownKid() throws Exception {
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();

        assertRejected(signedBy(attacker, attacker.getKeyID(), null), Reason.UNKNOWN_KEY);
        assertRejected(node.signedWithOurKey("{\"alg\":\"ES256\"}", validClaims()), Reason.UNKNOWN_KEY);
    }

    @Test
    void rejectsATokenSignedByAnotherKeyUnderOurKid() throws Exception {
        ECKey attacker = new ECKeyGenerator(Curve.P_256).generate();

        assertRejected(signedBy(attacker, kid(), null), Reason.SIGNATURE);
    }

    @Test
    void neverTrustsAKeyEmbeddedOrLinkedInTheHeader() throws Exception {
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();

        assertRejected(signedBy(attacker, kid(), attacker.toPublicJWK()), Reason.MALFORMED);
        assertRejected(signedBy(attacker, attacker.getKeyID(), attacker.toPublicJWK()), Reason.MALFORMED);
        for (String member : new String[] {"\"jku\":\"https://evil.example/jwks\"", "\"x5u\":\"https://evil.example/c\"",
                "\"crit\":[\"exp\"]", "\"b64\":false"}) {
            String header = "{\"alg\":\"ES256\",\"kid\":\"" + kid() + "\"," + member + "}";
            assertRejected(node.signedWithOurKey(header, validClaims()), Reason.MALFORMED);
        }
    }

    @Test
    void acceptsAnExpiredTokenOnlyWithinTheLeeway() {
        String token = node.issuer.mint(credential);
        Instant exp = Instant.ofEpochSecond(NOW).plus(Duration.ofHours(24));

        node.clock.set(exp.plus(LEEWAY).minusMillis(1));
        assertThat(node.verifier.verify(token).credentialId()).isEqualTo("cred-1");

        node.clock.set(exp.plus(LEEWAY));
        assertRejected(token, Reason.EXPIRED);
    }

    @Test
    void rejectsATokenNotYetValidBeyondTheLeeway() {
        String withinLeeway = node.signedWithOurKey(node.ourHeader(), claimsIssuedAt(NOW + LEEWAY.toSeconds()));
        String beyondLeeway = node.signedWithOurKey(node.ourHeader(), claimsIssuedAt(NOW + LEEWAY.toSeconds() + 1));
        String futureNbfOnly = node.signedWithOurKey(node.ourHeader(), node.claims(TokenSettings.TELNYX_TELEPHONY,
                TokenSettings.TELNYX_TELEPHONY, "cred-1", NOW, NOW + 3600, NOW + 7200, "access"));
        String futureIatOnly = node.signedWithOurKey(node.ourHeader(), node.claims(TokenSettings.TELNYX_TELEPHONY,
                TokenSettings.TELNYX_TELEPHONY, "cred-1", NOW + 3600, NOW, NOW + 7200, "access"));

        assertThat(node.verifier.verify(withinLeeway).credentialId()).isEqualTo("cred-1");
        assertRejected(beyondLeeway, Reason.NOT_YET_VALID);
        assertRejected(futureNbfOnly, Reason.NOT_YET_VALID);
        assertRejected(futureIatOnly, Reason.NOT_YET_VALID);
    }

    @Test
    void rejectsAWrongIssuerAudienceOrType() {
        String tt = TokenSettings.TELNYX_TELEPHONY;
        assertRejected(signed(node.claims("someone_else", tt, "cred-1", NOW, NOW, NOW + 60, "access")), Reason.CLAIMS);
        assertRejected(signed(node.claims(tt, "someone_else", "cred-1", NOW, NOW, NOW + 60, "access")), Reason.CLAIMS);
        assertRejected(signed(node.claims(tt, tt, "cred-1", NOW, NOW, NOW + 60, "refresh")), Reason.CLAIMS);
    }

    @Test
    void acceptsTheAudienceAsAListContainingOurs() {
        String claims = validClaims().replace("\"aud\":\"telnyx_telephony\"", "\"aud\":[\"other\",\"telnyx_telephony\"]");

        assertThat(node.verifier.verify(signed(claims)).credentialId()).isEqualTo("cred-1");
    }

    @Test
    void rejectsMissingOrMistypedClaims() {
        assertRejected(signed(validClaims().replace("\"sub\":\"cred-1\"", "\"sub\":\"\"")), Reason.CLAIMS);
        assertRejected(signed(validClaims().replace("\"sub\":\"cred-1\",", "")), Reason.CLAIMS);
        assertRejected(signed(validClaims().replace("\"jti\":\"j-1\",", "")), Reason.CLAIMS);
        assertRejected(signed(validClaims().replace(",\"gen\":0", "")), Reason.CLAIMS);
        assertRejected(signed(validClaims().replace("\"gen\":0", "\"gen\":\"0\"")), Reason.CLAIMS);
        assertRejected(signed(validClaims().replace("\"exp\":", "\"expires\":")), Reason.CLAIMS);
        assertRejected(signed(validClaims().replace("\"iat\":" + NOW, "\"iat\":\"" + NOW + "\"")), Reason.CLAIMS);
        assertRejected(signed(validClaims().replace("\"nbf\":" + NOW, "\"nbf\":" + NOW + ".5")), Reason.CLAIMS);
        // A number beyond what a double holds is not read as JSON at all.
        assertRejected(signed(validClaims().replace("\"exp\":" + (NOW + 60), "\"exp\":1e400")), Reason.MALFORMED);
    }

    @Test
    void rejectsATokenOfADeletedCredential() {
        String token = node.issuer.mint(credential);
        node.subjects.remove("cred-1");

        assertRejected(token, Reason.SUBJECT_REVOKED);
    }

    @Test
    void aTokenVerifiedBeforeIsStillJudgedByItsCredentialAndTimeAtEveryUse() {
        String token = node.issuer.mint(credential);
        assertThat(node.verifier.verify(token).credentialId()).isEqualTo("cred-1");
        assertThat(node.verifier.verify(token).credentialId()).as("again, from the cache").isEqualTo("cred-1");

        node.subjects.put("cred-1", new TokenSubject("cred-1", "account-1", "u", false, null, 0));
        assertRejected(token, Reason.SUBJECT_REVOKED);
        node.subjects.put("cred-1", credential);
        node.clock.advance(TokenFixture.SETTINGS.ttl().plus(TokenFixture.SETTINGS.leeway()).plusSeconds(1));
        assertRejected(token, Reason.EXPIRED);
    }

    @Test
    void aTamperedCopyOfAVerifiedTokenIsCheckedAfresh() {
        String token = node.issuer.mint(credential);
        node.verifier.verify(token);
        String[] parts = token.split("\\.");
        char last = parts[2].charAt(parts[2].length() - 2);
        String tampered = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 2)
                + (last == 'A' ? 'B' : 'A') + parts[2].charAt(parts[2].length() - 1);

        assertRejected(tampered, Reason.SIGNATURE);
    }

    @Test
    void rejectsATokenOfADeactivatedCredential() {
        String token = node.issuer.mint(credential);
        node.subjects.put("cred-1", new TokenSubject("cred-1", "account-1", "u", false, null, 0));

        assertRejected(token, Reason.SUBJECT_REVOKED);
    }

    @Test
    void rejectsATokenOfAnExpiredCredentialWhateverItsExp() {
        Instant credentialExpiry = TokenFixture.START.plus(Duration.ofHours(1));
        TokenSubject expiring = new TokenSubject("cred-1", "account-1", "u", true, credentialExpiry, 0);
        node.subjects.put("cred-1", expiring);
        String token = node.issuer.mint(expiring);

        node.clock.set(credentialExpiry);

        assertRejected(token, Reason.SUBJECT_REVOKED);
    }

    @Test
    void rejectsATokenIssuedBeforeTheCredentialWasDeactivatedAndReactivated() {
        String before = node.issuer.mint(credential);
        // Within the same second: the generation, not the clock, tells the two tokens apart.
        node.subjects.put("cred-1", new TokenSubject("cred-1", "account-1", "u", true, null, credential.tokenGeneration() + 1));
        String after = node.issuer.mint(node.subjects.get("cred-1"));

        assertRejected(before, Reason.SUBJECT_REVOKED);
        assertThat(node.verifier.verify(after).credentialId()).isEqualTo("cred-1");
    }

    @Test
    void rejectsOversizedInputBeforeParsingIt() {
        String token = node.issuer.mint(credential);
        String padded = token.substring(0, token.indexOf('.')) + "." + "A".repeat(TokenVerifier.MAX_TOKEN_LENGTH)
                + token.substring(token.lastIndexOf('.'));

        assertRejected(padded, Reason.MALFORMED);
        assertRejected("x".repeat(1_000_000), Reason.MALFORMED);
    }

    @Test
    void rejectsGarbage() {
        String validPayload = base64Url(validClaims());
        String[] garbage = {
                null, "", ".", "..", "...", "abc", "a.b", "a.b.c.d", "eyJ.eyJ.eyJ",
                "ünïcode.ünïcode.ünïcode", "eyJhbGciOiJFUzI1NiJ9 .x.y", "a+b.c/d.e=",
                base64Url("[1,2]") + "." + validPayload + ".sig",
                base64Url("\"ES256\"") + "." + validPayload + ".sig",
                base64Url("{\"alg\":\"ES256\"") + "." + validPayload + ".sig",
                base64Url("{\"alg\":\"ES256\",\"alg\":\"none\"}") + "." + validPayload + ".sig",
                base64Url("{\"alg\":\"ES256\",\"kid\":\"" + kid() + "\"}") + ".!!!." + "sig",
        };
        for (String input : garbage) {
            assertThatThrownBy(() -> node.verifier.verify(input))
                    .as("input %s", input)
                    .isInstanceOf(TokenRejectedException.class);
        }
        assertRejected(base64Url("{\"alg\":\"ES256\",\"alg\":\"none\"}") + "." + validPayload + ".sig", Reason.MALFORMED);
    }

    @Test
    void rejectsAPayloadThatIsNotAJsonObject() {
        assertRejected(node.signedWithOurKey(node.ourHeader(), "[]"), Reason.MALFORMED);
        assertRejected(node.signedWithOurKey(node.ourHeader(), "[[\"sub\",\"cred-1\"]]"), Reason.MALFORMED);
        assertRejected(node.signedWithOurKey(node.ourHeader(), "not json"), Reason.MALFORMED);
        assertRejected(node.signedWithOurKey(node.ourHeader(),
                validClaims().replace("\"typ\":\"access\"", "\"typ\":\"access\",\"sub\":\"cred-2\"")), Reason.MALFORMED);
    }

    @Test
    void rejectionMessagesDoNotEchoTheToken() {
        String token = node.issuer.mint(credential);
        String tampered = token.substring(0, token.length() - 5) + "AAAAA";

        assertThatThrownBy(() -> node.verifier.verify(tampered))
                .isInstanceOf(TokenRejectedException.class)
                .message().doesNotContain(tampered.substring(0, 20)).doesNotContain("cred-1");
    }

    @Test
    void oldTokensStillVerifyAfterARotationAndNewTokensCarryTheNewKid() {
        String oldToken = node.issuer.mint(credential);
        String oldKid = kid();
        node.clock.advance(Duration.ofMinutes(5));

        SigningKey fresh = node.keys.rotate();
        String newToken = node.issuer.mint(credential);

        assertThat(fresh.kid()).isNotEqualTo(oldKid);
        assertThat(TokenFixture.part(newToken, 0).get("kid").asText()).isEqualTo(fresh.kid());
        assertThat(node.verifier.verify(oldToken).credentialId()).isEqualTo("cred-1");
        assertThat(node.verifier.verify(newToken).credentialId()).isEqualTo("cred-1");
    }

    @Test
    void tokensOfAPurgedKeyFailAsUnknownKey() {
        String oldToken = node.issuer.mint(credential);
        node.keys.rotate();

        node.clock.advance(TokenFixture.SETTINGS.keepRetiredKeysFor().plus(TokenFixture.REFRESH));
        node.keys.purgeExpired();

        assertThat(node.keys.jwksJson()).doesNotContain(TokenFixture.part(oldToken, 0).get("kid").asText());
        assertRejected(oldToken, Reason.UNKNOWN_KEY);
    }

    @Test
    void aTokenFromAnotherNodesNewKeyVerifiesAtOnce() {
        SigningKeys otherKeys = new SigningKeys(node.repository, node.secretBox, node.clock, TokenFixture.REFRESH,
                TokenFixture.SETTINGS.keepRetiredKeysFor(), new DomainEvents());
        TokenIssuer otherIssuer = new TokenIssuer(otherKeys, TokenFixture.SETTINGS, node.clock);
        node.verifier.verify(node.issuer.mint(credential));

        otherKeys.rotate();

        assertThat(node.verifier.verify(otherIssuer.mint(credential)).credentialId()).isEqualTo("cred-1");
    }

    private String kid() {
        return node.keys.signingKey().kid();
    }

    private String validClaims() {
        return claimsIssuedAt(NOW);
    }

    private String claimsIssuedAt(long iat) {
        String tt = TokenSettings.TELNYX_TELEPHONY;
        return node.claims(tt, tt, "cred-1", iat, iat, iat + 60, "access");
    }

    private String signed(String claims) {
        return node.signedWithOurKey(node.ourHeader(), claims);
    }

    private String signedBy(ECKey key, String kid, ECKey embedded) throws Exception {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(kid);
        if (embedded != null) {
            header.jwk(embedded);
        }
        JWSObject jws = new JWSObject(header.build(), new Payload(validClaims()));
        jws.sign(new ECDSASigner(key));
        return jws.serialize();
    }

    private AbstractThrowableAssert<?, ?> assertRejected(String token, Reason reason) {
        return assertThatThrownBy(() -> node.verifier.verify(token))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
