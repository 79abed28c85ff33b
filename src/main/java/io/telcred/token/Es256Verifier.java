package io.telcred.token;

import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * Checks ES256 signatures (ECDSA on P-256 with SHA-256, r and s as 32 bytes each) made with one
 * key, on Bouncy Castle's P-256 arithmetic. Every first-time token login waits for one such
 * check: JDK 17's SunEC takes about 1 ms of CPU for it, this about 0.08 ms, because the key's point
 * is parsed once and keeps the multiples Bouncy Castle precomputes for it (bench/Es256VerifyBench.java).
 * Verifying handles only public values, so it needs none of the constant-time care of signing.
 */
final class Es256Verifier {

    static final int SIGNATURE_BYTES = 64;

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(),
            P256.getH());

    private final ECPublicKeyParameters key;

    /** @throws IllegalArgumentException when the key is not a point of P-256 */
    Es256Verifier(ECPublicKey publicKey) {
        this.key = new ECPublicKeyParameters(P256.getCurve().validatePoint(publicKey.getW().getAffineX(),
                publicKey.getW().getAffineY()), DOMAIN);
    }

    /** True when {@code signature} (r || s, 64 bytes) is this key's signature of {@code signingInput}. */
    boolean verifies(byte[] signingInput, byte[] signature) {
        if (signature.length != SIGNATURE_BYTES) {
            return false;
        }
        SHA256Digest sha256 = new SHA256Digest();
        sha256.update(signingInput, 0, signingInput.length);
        byte[] digest = new byte[sha256.getDigestSize()];
        sha256.doFinal(digest, 0);
        ECDSASigner ecdsa = new ECDSASigner();
        ecdsa.init(false, key);
        // r and s outside [1, n-1] are refused by the signer.
        return ecdsa.verifySignature(digest, new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(signature, 32, SIGNATURE_BYTES)));
    }
}
