package io.telcred.sip.auth;

import java.util.List;
import java.util.Objects;

/**
 * The {@code WWW-Authenticate} (401) or {@code Proxy-Authenticate} (407) values to send.
 *
 * <p>Two challenges with one nonce, most preferred first as RFC 8760 §2.4 asks: SHA-256, then MD5
 * for the clients that know nothing else. Send each value as its own header field, in this order,
 * never joined by commas into one. SIPp answers the first challenge it can (SHA-256); SIP.js and
 * JsSIP keep only the <em>last</em> field of a name and refuse any algorithm but MD5, so they land
 * on MD5; baresip answers every challenge, so its next request carries two {@code Authorization}
 * fields with the same nonce and nc, and the caller must verify one of them (the first it supports)
 * and count only that one with {@link NonceCounts}. {@code qop="auth"} only, because JsSIP would
 * pick {@code auth-int} if it were offered, and nothing here checks bodies.
 */
public final class DigestChallenge {

    public static final String SHA_256 = "SHA-256";
    public static final String MD5 = "MD5";

    private DigestChallenge() {
    }

    /**
     * @param stale  true when the client's response was right but its nonce had expired, so it
     *               retries with the new nonce without asking its user (RFC 7616 §3.3)
     * @param opaque echoed back unchanged by clients; null to send none
     * @throws IllegalArgumentException if a value holds a control character, which could end the header
     */
    public static List<String> headerValues(String realm, String nonce, boolean stale, String opaque) {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(nonce, "nonce");
        return List.of(challenge(SHA_256, realm, nonce, stale, opaque), challenge(MD5, realm, nonce, stale, opaque));
    }

    private static String challenge(String algorithm, String realm, String nonce, boolean stale, String opaque) {
        StringBuilder value = new StringBuilder(160)
                .append("Digest realm=").append(quoted(realm))
                .append(", nonce=").append(quoted(nonce))
                .append(", algorithm=").append(algorithm)
                .append(", qop=\"auth\"");
        if (opaque != null) {
            value.append(", opaque=").append(quoted(opaque));
        }
        if (stale) {
            value.append(", stale=true");
        }
        return value.toString();
    }

    /** RFC 3261 quoted-string: quote and backslash escaped; control characters refused. */
    private static String quoted(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("a challenge parameter holds a control character");
            }
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }
}
