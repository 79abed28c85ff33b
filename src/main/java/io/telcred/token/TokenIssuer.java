package io.telcred.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import io.telcred.common.DomainException;
import io.telcred.common.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * Mints ES256 login tokens for on-demand credentials, with claims the Telnyx JS SDK can decode
 * ({@link AtobSafeJson}).
 */
public final class TokenIssuer {

    static final String TOKEN_TYPE = "access";
    /** The credential\'s token generation when the token was made (see {@link TokenSubject}). */
    static final String GENERATION_CLAIM = "gen";

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
        String refusal = subject.whyNoToken(now);
        if (refusal != null) {
            throw DomainException.refused(refusal + "; no token can be made for it.");
        }
        long issuedAt = now.getEpochSecond();
        long expiresAt = issuedAt + settings.ttl().getSeconds();
        if (subject.expiresAt() != null) {
            expiresAt = Math.min(expiresAt, subject.expiresAt().getEpochSecond());
        }
        if (expiresAt <= issuedAt) {
            throw DomainException.refused("The credential expires too soon to make a token for it.");
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
        return new AtobSafeJson()
                .text("iss", settings.issuer())
                .text("aud", settings.audience())
                .text("sub", subject.credentialId())
                .text("jti", Ids.uuid())
                .number("iat", issuedAt)
                .number("nbf", issuedAt)
                .number("exp", expiresAt)
                .text("typ", TOKEN_TYPE)
                .number(GENERATION_CLAIM, subject.tokenGeneration())
                .end().getBytes(StandardCharsets.US_ASCII);
    }
}
