package io.telcred.sip.auth;

import io.telcred.directory.DigestResponse;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The digest credentials of one {@code Authorization} or {@code Proxy-Authorization} header value
 * (RFC 3261 §25.1 {@code credentials}, RFC 7616 §3.4), parsed strictly and within fixed bounds.
 *
 * <p>{@link #parse} returns null for anything that is not a well-formed Digest response: another
 * scheme, unbalanced quotes, a parameter given twice, a missing username, realm, nonce, uri or
 * response, a response that is not hex, an nc that is not 8 hex digits, a qop without nc and
 * cnonce (or nc/cnonce without qop), control characters, or more than
 * {@value #MAX_HEADER_LENGTH} characters. Parameter names are case-insensitive; values may be
 * quoted strings (with backslash escapes) or tokens, since clients differ in which they quote
 * ({@code qop=auth} and {@code qop="auth"} are both seen). Unknown parameters are ignored.
 *
 * <p>What it does not judge is left to the caller, which has the context to answer properly: an
 * {@link #algorithm()} other than MD5 or SHA-256 (say {@code SHA-512-256} or {@code MD5-sess}), a
 * {@link #qop()} of {@code auth-int} (challenges offer only {@code auth}), a realm that is not
 * ours, or a nonce that is not ours. These parse, and the caller refuses them; the directory's
 * digest check also fails them.
 */
public final class DigestAuthorization {

    /** Longest header value parsed; real ones are 300 to 500 characters. */
    public static final int MAX_HEADER_LENGTH = 4096;
    /** Most parameters in one header value; the standard ones number eleven. */
    public static final int MAX_PARAMETERS = 32;
    /** Longest response: a hex SHA-512 would be 128 digits; MD5 is 32 and SHA-256 is 64. */
    public static final int MAX_RESPONSE_LENGTH = 128;
    /** The algorithm when the client names none (RFC 7616 §3.3). */
    public static final String DEFAULT_ALGORITHM = "MD5";

    private static final String SCHEME = "Digest";

    private final String username;
    private final String realm;
    private final String nonce;
    private final String uri;
    private final String response;
    private final String algorithm;
    private final String qop;
    private final String nc;
    private final String cnonce;
    private final String opaque;

    private DigestAuthorization(Map<String, String> p) {
        this.username = p.get("username");
        this.realm = p.get("realm");
        this.nonce = p.get("nonce");
        this.uri = p.get("uri");
        this.response = p.get("response");
        this.algorithm = canonicalAlgorithm(p.getOrDefault("algorithm", DEFAULT_ALGORITHM));
        this.qop = p.get("qop");
        this.nc = p.get("nc");
        this.cnonce = p.get("cnonce");
        this.opaque = p.get("opaque");
    }

    /** The credentials in a header value, or null if it is not a well-formed Digest response. */
    public static DigestAuthorization parse(String headerValue) {
        if (headerValue == null || headerValue.length() > MAX_HEADER_LENGTH) {
            return null;
        }
        Map<String, String> params = new Scanner(headerValue).credentials();
        if (params == null || !complete(params)) {
            return null;
        }
        return new DigestAuthorization(params);
    }

    public String username() {
        return username;
    }

    public String realm() {
        return realm;
    }

    public String nonce() {
        return nonce;
    }

    public String uri() {
        return uri;
    }

    public String response() {
        return response;
    }

    /** "MD5" when the client sent none; "MD5" and "SHA-256" in that spelling whatever case was sent. */
    public String algorithm() {
        return algorithm;
    }

    /** Null for the RFC 2069 form; otherwise a single token, usually "auth". */
    public String qop() {
        return qop;
    }

    /** Eight hex digits when {@link #qop()} is set, else null. */
    public String nc() {
        return nc;
    }

    public String cnonce() {
        return cnonce;
    }

    public String opaque() {
        return opaque;
    }

    /** The fields the directory's digest check needs, for a request of this method. */
    public DigestResponse toDigestResponse(String method) {
        return new DigestResponse(algorithm, method, uri, nonce, nc, cnonce, qop, response);
    }

    /** Leaves out the response and nonces: this may end up in a log line. */
    @Override
    public String toString() {
        return "DigestAuthorization[username=" + username + ", realm=" + realm + ", algorithm=" + algorithm
                + ", qop=" + qop + ", nc=" + nc + "]";
    }

    private static boolean complete(Map<String, String> p) {
        for (String required : new String[] {"username", "realm", "nonce", "uri", "response"}) {
            if (!p.containsKey(required)) {
                return false;
            }
        }
        if (p.get("nonce").isEmpty() || p.get("uri").isEmpty() || !isHex(p.get("response"), 1, MAX_RESPONSE_LENGTH)) {
            return false;
        }
        String qop = p.get("qop");
        if (qop == null) {
            // RFC 2617 §3.2.2: cnonce and nc are sent only with a qop.
            return !p.containsKey("nc") && !p.containsKey("cnonce");
        }
        return isToken(qop) && isHex(p.get("nc"), NonceCounts.NC_LENGTH, NonceCounts.NC_LENGTH)
                && p.get("cnonce") != null && !p.get("cnonce").isEmpty();
    }

    private static String canonicalAlgorithm(String sent) {
        if (sent.equalsIgnoreCase("MD5")) {
            return "MD5";
        }
        if (sent.equalsIgnoreCase("SHA-256")) {
            return "SHA-256";
        }
        return sent;
    }

    private static boolean isHex(String s, int minLength, int maxLength) {
        if (s == null || s.length() < minLength || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Scanner.isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A single pass over the header value; every loop advances, so the work is linear in its length. */
    private static final class Scanner {

        private final String s;
        private int pos;

        Scanner(String s) {
            this.s = s;
        }

        /** Parameter names (lower case) to values (unquoted), or null if malformed. */
        Map<String, String> credentials() {
            skipWhitespace();
            int schemeStart = pos;
            while (pos < s.length() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            if (!s.substring(schemeStart, pos).equalsIgnoreCase(SCHEME) || !skipWhitespace()) {
                return null;
            }
            Map<String, String> params = new HashMap<>();
            while (true) {
                String name = token();
                if (name == null || params.size() == MAX_PARAMETERS) {
                    return null;
                }
                skipWhitespace();
                if (!consume('=')) {
                    return null;
                }
                skipWhitespace();
                String value = pos < s.length() && s.charAt(pos) == '"' ? quotedString() : token();
                if (value == null || params.putIfAbsent(name.toLowerCase(Locale.ROOT), value) != null) {
                    return null;
                }
                skipWhitespace();
                if (pos == s.length()) {
                    return params;
                }
                if (!consume(',')) {
                    return null;
                }
                skipWhitespace();
            }
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            return pos > start ? s.substring(start, pos) : null;
        }

        /** RFC 3261 quoted-string: a backslash escapes the next character; no control characters. */
        private String quotedString() {
            pos++; // the opening quote
            StringBuilder value = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    if (pos == s.length()) {
                        return null;
                    }
                    c = s.charAt(pos++);
                }
                if (isControl(c)) {
                    return null;
                }
                value.append(c);
            }
            return null; // unbalanced quote
        }

        /** Skips linear white space, including CRLF folding the codec may have left; true if any was skipped. */
        private boolean skipWhitespace() {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                    break;
                }
                pos++;
            }
            return pos > start;
        }

        private boolean consume(char expected) {
            if (pos < s.length() && s.charAt(pos) == expected) {
                pos++;
                return true;
            }
            return false;
        }

        /** RFC 3261 §25.1 token characters. */
        static boolean isTokenChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-.!%*_+`'~".indexOf(c) >= 0;
        }

        /** Control characters other than horizontal tab, which quoted text may hold. */
        private static boolean isControl(char c) {
            return (c < 0x20 && c != '\t') || c == 0x7f;
        }
    }
}
