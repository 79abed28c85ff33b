package io.telcred.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMACs. A {@link Mac} keeps state between calls, so each user holds its own (or one per thread). */
public final class Macs {

    private Macs() {
    }

    /** A new MAC of the key's algorithm, keyed; unchecked, as every JDK has the HMACs telcred names. */
    public static Mac keyed(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(key.getAlgorithm());
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(key.getAlgorithm() + " is not available", e);
        }
    }

    /** HMAC-SHA256 of {@code message} under {@code key}, in unpadded base64url. */
    public static String hmacSha256Base64Url(byte[] key, String message) {
        byte[] mac = keyed(new SecretKeySpec(key, "HmacSHA256")).doFinal(message.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }
}
