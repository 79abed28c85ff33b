package io.telcred.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code WWW-Authenticate} (401) or {@code Proxy-Authenticate} (407) values to send: one
 * challenge per offered algorithm, with one nonce, most preferred first as RFC 8760 §2.4 asks.
 * Send each value as its own header field, in this order, never joined by commas into one.
 *
 * <p>Which algorithms to offer is the operator's choice, because clients differ: SIPp 3.6 takes the
 * first challenge and aborts unless it is MD5; baresip 1.0 (libre 1.1) gives up on the whole
 * response when any challenge is SHA-256; SIP.js and JsSIP keep only the <em>last</em> field and
 * refuse anything but MD5. Newer clients answer SHA-256 when it comes first. {@code qop="auth"}
 * only, because JsSIP would pick {@code auth-int} if it were offered, and nothing here checks bodies.
 */
public final class DigestChallenge {

    private DigestChallenge() {
    }

    /**
     * @param algorithms the algorithms to offer, in that order
     * @param stale  true when the client's response was right but its nonce had expired, so it
     *               retries with the new nonce without asking its user (RFC 7616 §3.3)
     * @param opaque echoed back unchanged by clients; null to send none
     * @throws IllegalArgumentException if a value holds a control character, which could end the header
     */
    public static List<String> headerValues(List<DigestAlgorithm> algorithms, String realm, String nonce, boolean stale,
                                            String opaque) {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(nonce, "nonce");
        List<String> values = new ArrayList<>(algorithms.size());
        for (DigestAlgorithm algorithm : algorithms) {
            values.add(challenge(algorithm.wireName(), realm, nonce, stale, opaque));
        }
        return List.copyOf(values);
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
