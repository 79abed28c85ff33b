package io.telcred.token;

import io.telcred.event.DomainEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import io.telcred.crypto.SecretBox;
import io.telcred.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** One node's token machinery over an in-memory key table, with credentials the test controls. */
final class TokenFixture {

    static final Instant START = Instant.parse("2030-01-15T10:00:00.250Z");
    static final Duration REFRESH = Duration.ofMinutes(1);
    static final TokenSettings SETTINGS = TokenSettings.standard();
    static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = new MutableClock(START);
    final InMemorySigningKeyRepository repository;
    final SecretBox secretBox = new SecretBox(new byte[32]);
    final SigningKeys keys;
    final Map<String, TokenSubject> subjects = new ConcurrentHashMap<>();
    final TokenIssuer issuer;
    final TokenVerifier verifier;

    TokenFixture() {
        this(new InMemorySigningKeyRepository(), SETTINGS);
    }

    TokenFixture(InMemorySigningKeyRepository repository, TokenSettings settings) {
        this.repository = repository;
        this.keys = new SigningKeys(repository, secretBox, clock, REFRESH, settings.keepRetiredKeysFor(),
                new DomainEvents());
        this.issuer = new TokenIssuer(keys, settings, clock);
        this.verifier = new TokenVerifier(keys, settings, id -> Optional.ofNullable(subjects.get(id)), clock);
        keys.ensureSigningKey();
    }

    /** An active credential that never expires, registered with the fixture's subjects. */
    TokenSubject credential(String id) {
        TokenSubject subject = new TokenSubject(id, "account-1", "gencred" + id.hashCode(), true, null, 0);
        subjects.put(id, subject);
        return subject;
    }

    static JsonNode part(String token, int index) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String base64Url(String text) {
        return base64Url(text.getBytes(StandardCharsets.UTF_8));
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A token with any header and payload, correctly signed with the current signing key. */
    String signedWithOurKey(String headerJson, String payloadJson) {
        String signingInput = base64Url(headerJson) + "." + base64Url(payloadJson);
        SigningKey key = keys.signingKey();
        try {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.kid()).build();
            return signingInput + "." + key.signer().sign(header, signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims as the issuer writes them, with every value chosen by the test. */
    String claims(String iss, String aud, String sub, long iat, long nbf, long exp, String typ) {
        return "{\"iss\":\"" + iss + "\",\"aud\":\"" + aud + "\",\"sub\":\"" + sub + "\",\"jti\":\"j-1\",\"iat\":" + iat
                + ",\"nbf\":" + nbf + ",\"exp\":" + exp + ",\"typ\":\"" + typ + "\",\"gen\":0}";
    }

    String ourHeader() {
        return "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + keys.signingKey().kid() + "\"}";
    }
}
