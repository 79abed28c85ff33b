package io.telcred.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Verifies a webhook as a receiver would, with the JDK's Ed25519 and the published raw key. */
public final class Ed25519Verifier {

    /** The DER prefix of an X.509 Ed25519 public key (RFC 8410), before its raw 32 bytes. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Ed25519Verifier() {
    }

    public static boolean verifies(String publicKeyBase64, String timestamp, byte[] body, String signatureBase64) {
        try {
            byte[] raw = Base64.getDecoder().decode(publicKeyBase64);
            byte[] x509 = new byte[X509_PREFIX.length + raw.length];
            System.arraycopy(X509_PREFIX, 0, x509, 0, X509_PREFIX.length);
            System.arraycopy(raw, 0, x509, X509_PREFIX.length, raw.length);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update((timestamp + "|").getBytes(StandardCharsets.UTF_8));
            verifier.update(body);
            return verifier.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
