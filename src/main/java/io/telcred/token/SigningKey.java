package io.telcred.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;

/**
 * An ES256 key pair held in memory. Only the public half leaves this class: the private key is
 * reachable solely through {@link #signer()}, and {@link #toString()} names the key by its kid.
 */
public final class SigningKey {

    private final String kid;
    private final ECKey publicJwk;
    private final Instant createdAt;
    private final Instant retiredAt;
    private final JWSSigner signer;
    private final Es256Verifier verifier;

    private SigningKey(String kid, ECKey publicJwk, Instant createdAt, Instant retiredAt, JWSSigner signer, Es256Verifier verifier) {
        this.kid = kid;
        this.publicJwk = publicJwk;
        this.createdAt = createdAt;
        this.retiredAt = retiredAt;
        this.signer = signer;
        this.verifier = verifier;
    }

    static SigningKey of(ECKey privateJwk, Instant createdAt, Instant retiredAt) {
        try {
            ECKey publicJwk = privateJwk.toPublicJWK();
            return new SigningKey(privateJwk.getKeyID(), publicJwk, createdAt, retiredAt,
                    new ECDSASigner(privateJwk), new Es256Verifier(publicJwk.toECPublicKey()));
        } catch (JOSEException | IllegalArgumentException e) {
            throw new IllegalStateException("signing key " + privateJwk.getKeyID() + " is not a usable P-256 key", e);
        }
    }

    /** The same key with another retirement time; the decrypted key material is reused. */
    SigningKey withRetiredAt(Instant retiredAt) {
        return new SigningKey(kid, publicJwk, createdAt, retiredAt, signer, verifier);
    }

    public String kid() {
        return kid;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** When the key stopped signing new tokens, or null while it still signs. */
    public Instant retiredAt() {
        return retiredAt;
    }

    public boolean retired() {
        return retiredAt != null;
    }

    /** The public half only: kty, crv, x, y (and kid, use, alg). */
    public ECKey publicJwk() {
        return publicJwk;
    }

    JWSSigner signer() {
        return signer;
    }

    Es256Verifier verifier() {
        return verifier;
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", createdAt=" + createdAt + ", retiredAt=" + retiredAt + "]";
    }
}
