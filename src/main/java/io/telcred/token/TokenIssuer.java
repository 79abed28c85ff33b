package io.telcred.token;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import io.telcred.common.DomainException;
import io.telcred.common.Ids;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;

/**
 * Mints ES256 login tokens for on-demand credentials.
 *
 * <p>The Telnyx JS SDK decodes the payload with {@code atob}, which rejects the base64url
 * characters {@code -} and {@code _} (sextets 62 and 63). For ASCII input only the last byte of a
 * 3-byte group can produce them, and only when it is {@code >}, {@code ?}, {@code ~} or DEL. The
 * payload is therefore written as pure ASCII with those characters (and every non-ASCII one)
 * escaped as {@code \\uXXXX}, so its base64url never contains either character.
 */
public final class TokenIssuer {

    static final String TOKEN_TYPE = "access";
    /** The credential\'s token generation when the token was made (see {@link TokenSubject}). */
    static final String GENERATION_CLAIM = "gen";
    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .characterEscapes(new AtobSafeEscapes())
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    private final SigningKeys keys;
    private final TokenSettings settings;
    private final Clock clock;

    public TokenIssuer(SigningKeys keys, TokenSettings settings, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * A compact JWS that logs {@code subject} in, valid for the configured lifetime or until the
     * credential expires, whichever comes first.
     */
    public String mint(TokenSubject subject) {
        Instant now = clock.instant();
        if (!subject.mayLogIn()) {
            throw DomainException.refused("The credential is not active; no token can be issued for it.");
        }
        if (subject.expiredAt(now)) {
            throw DomainException.refused("The credential has expired; no token can be issued for it.");
        }
        long issuedAt = now.getEpochSecond();
        long expiresAt = issuedAt + settings.ttl().getSeconds();
        if (subject.expiresAt() != null) {
            expiresAt = Math.min(expiresAt, subject.expiresAt().getEpochSecond());
        }
        if (expiresAt <= issuedAt) {
            throw DomainException.refused("The credential expires too soon to issue a token for it.");
        }

        SigningKey key = keys.signingKey();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(JOSEObjectType.JWT)
                .keyID(key.kid())
                .build();
        JWSObject jws = new JWSObject(header, new Payload(claims(subject, issuedAt, expiresAt)));
        try {
            jws.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with key " + key.kid() + " failed", e);
        }
        String token = jws.serialize();
        String payload = token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'));
        if (payload.indexOf('-') >= 0 || payload.indexOf('_') >= 0) {
            throw new IllegalStateException("a token payload would not decode with atob");
        }
        return token;
    }

    private byte[] claims(TokenSubject subject, long issuedAt, long expiresAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("iss", settings.issuer());
            json.writeStringField("aud", settings.audience());
            json.writeStringField("sub", subject.credentialId());
            json.writeStringField("jti", Ids.uuid());
            json.writeNumberField("iat", issuedAt);
            json.writeNumberField("nbf", issuedAt);
            json.writeNumberField("exp", expiresAt);
            json.writeStringField("typ", TOKEN_TYPE);
            json.writeNumberField(GENERATION_CLAIM, subject.tokenGeneration());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** JSON escapes plus {@code \\uXXXX} for the ASCII characters that base64url maps to '-' or '_'. */
    private static final class AtobSafeEscapes extends CharacterEscapes {

        private final int[] escapes = standardAsciiEscapesForJSON();

        AtobSafeEscapes() {
            for (char c : new char[] {'>', '?', '~', '\u007f'}) {
                escapes[c] = ESCAPE_STANDARD;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
