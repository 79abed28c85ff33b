package io.telcred.webhook;

import io.telcred.crypto.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;

/**
 * Signs webhooks with the installation's Ed25519 key, exactly as the Telnyx SDKs verify them: the
 * signature covers the UTF-8 bytes of {@code <unix seconds>|<raw body>}. The key pair is made on
 * first start and kept in the database, its private half sealed like the token signing keys.
 */
public final class WebhookSigner {

    public static final String TIMESTAMP_HEADER = "telnyx-timestamp";
    public static final String SIGNATURE_HEADER = "telnyx-signature-ed25519";
    private static final String ALGORITHM = "Ed25519";
    private static final String ASSOCIATED_DATA = "webhook-signing-key";
    /** An X.509 Ed25519 public key is this fixed prefix followed by the raw 32 bytes (RFC 8410). */
    private static final int RAW_PUBLIC_KEY_BYTES = 32;

    private final PrivateKey privateKey;
    private final String publicKey;

    private WebhookSigner(PrivateKey privateKey, String publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The installation's signer: its stored key, or a new one stored now (first start). */
    public static WebhookSigner load(WebhookKeyRepository repository, SecretBox box, Clock clock) {
        StoredWebhookKey stored = repository.find().orElseGet(() -> repository.insertIfAbsent(create(box, clock)));
        return open(stored, box);
    }

    /** Standard padded base64 of the raw 32-byte public key: the form {@code telnyx.webhooks.unwrap} takes. */
    public String publicKey() {
        return publicKey;
    }

    /** The two signature headers for a body sent at {@code unixSeconds}. */
    public SignedHeaders sign(long unixSeconds, byte[] body) {
        byte[] prefix = (unixSeconds + "|").getBytes(StandardCharsets.UTF_8);
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(prefix);
            signature.update(body);
            return new SignedHeaders(Long.toString(unixSeconds), Base64.getEncoder().encodeToString(signature.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    private static StoredWebhookKey create(SecretBox box, Clock clock) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            byte[] x509 = pair.getPublic().getEncoded();
            String raw = Base64.getEncoder().encodeToString(Arrays.copyOfRange(x509, x509.length - RAW_PUBLIC_KEY_BYTES,
                    x509.length));
            String sealed = box.seal(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()), ASSOCIATED_DATA);
            return new StoredWebhookKey(sealed, raw, clock.instant());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    private static WebhookSigner open(StoredWebhookKey stored, SecretBox box) {
        byte[] pkcs8 = Base64.getDecoder().decode(box.open(stored.privateKeySealed(), ASSOCIATED_DATA));
        try {
            PrivateKey key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new WebhookSigner(key, stored.publicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored webhook signing key is not an Ed25519 key", e);
        }
    }

    /** The header values: {@code telnyx-timestamp} and {@code telnyx-signature-ed25519}. */
    public record SignedHeaders(String timestamp, String signature) {
    }
}
