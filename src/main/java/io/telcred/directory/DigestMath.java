package io.telcred.directory;

import io.telcred.crypto.Hashes;
import io.telcred.secret.SipSecret;

/** The digest response computation of RFC 7616 §3.4.1 (qop "auth" or none) for MD5 and SHA-256. */
final class DigestMath {

    private DigestMath() {
    }

    static boolean matches(SipSecret secret, DigestResponse digest) {
        String algorithm = digest.algorithm() == null ? "MD5" : digest.algorithm();
        String hashName;
        String ha1;
        if (algorithm.equalsIgnoreCase("MD5")) {
            hashName = "MD5";
            ha1 = secret.ha1Md5();
        } else if (algorithm.equalsIgnoreCase("SHA-256")) {
            hashName = "SHA-256";
            ha1 = secret.ha1Sha256();
        } else {
            return false;
        }
        if (digest.response() == null || digest.nonce() == null || digest.uri() == null || digest.method() == null) {
            return false;
        }
        String ha2 = Hashes.hex(hashName, digest.method() + ":" + digest.uri());
        String expected;
        if (digest.qop() == null) {
            expected = Hashes.hex(hashName, ha1 + ":" + digest.nonce() + ":" + ha2);
        } else if (digest.qop().equals("auth") && digest.nc() != null && digest.cnonce() != null) {
            expected = Hashes.hex(hashName, ha1 + ":" + digest.nonce() + ":" + digest.nc() + ":" + digest.cnonce() + ":auth:" + ha2);
        } else {
            return false;
        }
        return Hashes.constantTimeEquals(expected, digest.response().toLowerCase(java.util.Locale.ROOT));
    }
}
