package io.telcred.auth;

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
 * algorithm other than MD5 or SHA-256 (say {@code SHA-512-256} or {@code MD5-sess}, whose
 * {@link #algorithm()} is null), a
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

    private static final String SCHEME = "Digest";
    /** The parameters read, by their index in {@link Scanner#values}; any others are checked and skipped. */
    private static final String[] NAMES = {"username", "realm", "nonce", "uri", "response", "algorithm", "qop", "nc",
            "cnonce", "opaque"};
    private static final int USERNAME = 0;
    private static final int REALM = 1;
    private static final int NONCE = 2;
    private static final int URI = 3;
    private static final int RESPONSE = 4;
    private static final int ALGORITHM = 5;
    private static final int QOP = 6;
    private static final int NC = 7;
    private static final int CNONCE = 8;
    private static final int OPAQUE = 9;

    private final String username;
    private final String realm;
    private final String nonce;
    private final String uri;
    private final String response;
    /** As the client named it, or null when it named none. */
    private final String algorithmName;
    private final String qop;
    private final String nc;
    private final String cnonce;
    private final String opaque;

    private DigestAuthorization(String[] values) {
        this.username = values[USERNAME];
        this.realm = values[REALM];
        this.nonce = values[NONCE];
        this.uri = values[URI];
        this.response = values[RESPONSE];
        this.algorithmName = values[ALGORITHM];
        this.qop = values[QOP];
        this.nc = values[NC];
        this.cnonce = values[CNONCE];
        this.opaque = values[OPAQUE];
    }

    /** The credentials in a header value, or null if it is not a well-formed Digest response. */
    public static DigestAuthorization parse(String headerValue) {
        if (headerValue == null || headerValue.length() > MAX_HEADER_LENGTH) {
            return null;
        }
        String[] values = new Scanner(headerValue).credentials();
        if (values == null || !complete(values)) {
            return null;
        }
        return new DigestAuthorization(values);
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

    /** The algorithm answered, MD5 when the client named none; null for one telcred does not speak. */
    public DigestAlgorithm algorithm() {
        return algorithmName == null ? DigestAlgorithm.DEFAULT : DigestAlgorithm.named(algorithmName);
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

    /** The fields the response hash covers, for a request of this method. */
    DigestResponse toDigestResponse(String method) {
        return new DigestResponse(algorithm(), method, uri, nonce, nc, cnonce, qop, response);
    }

    /** Leaves out the response and nonces: this may end up in a log line. */
    @Override
    public String toString() {
        return "DigestAuthorization[username=" + username + ", realm=" + realm + ", algorithm=" + algorithmName
                + ", qop=" + qop + ", nc=" + nc + "]";
    }

    private static boolean complete(String[] v) {
        if (v[USERNAME] == null || v[REALM] == null || v[NONCE] == null || v[URI] == null || v[RESPONSE] == null) {
            return false;
        }
        if (v[NONCE].isEmpty() || v[URI].isEmpty() || !isHex(v[RESPONSE], 1, MAX_RESPONSE_LENGTH)) {
            return false;
        }
        if (v[QOP] == null) {
            // RFC 2617 §3.2.2: cnonce and nc are sent only with a qop.
            return v[NC] == null && v[CNONCE] == null;
        }
        return isToken(v[QOP]) && isHex(v[NC], NonceCounts.NC_LENGTH, NonceCounts.NC_LENGTH)
                && v[CNONCE] != null && !v[CNONCE].isEmpty();
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

    /**
     * A single pass over the header value; every loop advances, so the work is linear in its
     * length. Values of known parameters are kept; the names of unknown ones only for spotting a
     * second occurrence.
     */
    private static final class Scanner {

        private final String s;
        private final String[] values = new String[NAMES.length];
        private int pos;
        private int parameters;
        /** Start and end of each unknown parameter's name; allocated at the first one, as most headers have none. */
        private int[] unknownNames;
        private int unknownCount;

        Scanner(String s) {
            this.s = s;
        }

        /** Values (unquoted) by the index of their name in {@link #NAMES}, or null if malformed. */
        String[] credentials() {
            skipWhitespace();
            int schemeStart = pos;
            skipTokenCharacters();
            if (pos - schemeStart != SCHEME.length() || !s.regionMatches(true, schemeStart, SCHEME, 0, SCHEME.length())
                    || !skipWhitespace()) {
                return null;
            }
            while (true) {
                int nameStart = pos;
                skipTokenCharacters();
                int nameEnd = pos;
                if (nameEnd == nameStart || parameters++ == MAX_PARAMETERS) {
                    return null;
                }
                skipWhitespace();
                if (!consume('=')) {
                    return null;
                }
                skipWhitespace();
                String value = pos < s.length() && s.charAt(pos) == '"' ? quotedString() : token();
                if (value == null || !keep(nameStart, nameEnd, value)) {
                    return null;
                }
                skipWhitespace();
                if (pos == s.length()) {
                    return values;
                }
                if (!consume(',')) {
                    return null;
                }
                skipWhitespace();
            }
        }

        /** Stores a known parameter's value; false if the parameter, known or not, was given before. */
        private boolean keep(int nameStart, int nameEnd, String value) {
            int length = nameEnd - nameStart;
            for (int i = 0; i < NAMES.length; i++) {
                if (NAMES[i].length() == length && s.regionMatches(true, nameStart, NAMES[i], 0, length)) {
                    if (values[i] != null) {
                        return false;
                    }
                    values[i] = value;
                    return true;
                }
            }
            return firstUnknown(nameStart, nameEnd);
        }

        private boolean firstUnknown(int nameStart, int nameEnd) {
            int length = nameEnd - nameStart;
            if (unknownNames == null) {
                unknownNames = new int[2 * MAX_PARAMETERS];
            }
            for (int i = 0; i < unknownCount; i++) {
                int start = unknownNames[2 * i];
                if (unknownNames[2 * i + 1] - start == length && s.regionMatches(true, nameStart, s, start, length)) {
                    return false;
                }
            }
            unknownNames[2 * unknownCount] = nameStart;
            unknownNames[2 * unknownCount + 1] = nameEnd;
            unknownCount++;
            return true;
        }

        private String token() {
            int start = pos;
            skipTokenCharacters();
            return pos > start ? s.substring(start, pos) : null;
        }

        private void skipTokenCharacters() {
            while (pos < s.length() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
        }

        /** RFC 3261 quoted-string: a backslash escapes the next character; no control characters. */
        private String quotedString() {
            int start = ++pos; // after the opening quote
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '"') {
                    return s.substring(start, pos++);
                }
                if (c == '\\') {
                    return escapedRest(new StringBuilder(pos - start + 16).append(s, start, pos));
                }
                if (isControl(c)) {
                    return null;
                }
                pos++;
            }
            return null; // unbalanced quote
        }

        /** The rest of a quoted string from its first backslash on, which few clients ever send. */
        private String escapedRest(StringBuilder value) {
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
