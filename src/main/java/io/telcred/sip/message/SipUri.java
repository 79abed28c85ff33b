package io.telcred.sip.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code sip:} or {@code sips:} URI (RFC 3261 §19.1). Immutable. Components are kept as written,
 * escapes included, so that encoding reproduces the input; {@link #userDecoded()} resolves escapes
 * for comparing user names. Equality is textual on the canonical form (scheme and host
 * case-insensitive), not the full §19.1.4 comparison.
 */
public final class SipUri {

    /** unreserved (RFC 3261 §25.1) plus the characters each component allows besides. */
    private static final String UNRESERVED = "-_.!~*'()";
    private static final boolean[] USER = SipSyntax.asciiSet(UNRESERVED + "&=+$,;?/");
    private static final boolean[] PASSWORD = SipSyntax.asciiSet(UNRESERVED + "&=+$,");
    private static final boolean[] PARAM = SipSyntax.asciiSet(UNRESERVED + "[]/:&+$");
    private static final boolean[] HEADERS = SipSyntax.asciiSet(UNRESERVED + "[]/?:+$=&");

    private final String scheme;
    private final String user;
    private final String password;
    private final String host;
    private final int port;
    private final Parameters params;
    private final String headers;

    private SipUri(String scheme, String user, String password, String host, int port, Parameters params, String headers) {
        this.scheme = scheme;
        this.user = user;
        this.password = password;
        this.host = host;
        this.port = port;
        this.params = params;
        this.headers = headers;
    }

    /** {@code sip:user@host:port}; user may be null, port -1. */
    public static SipUri sip(String user, String host, int port) {
        return new SipUri("sip", null, null, "invalid", -1, Parameters.NONE, null)
                .withUser(user).withHost(host).withPort(port);
    }

    /** The URI, or null when the text is not a sip or sips URI (a tel: URI, say, or garbage). */
    public static SipUri parseOrNull(String text) {
        try {
            return parse(text);
        } catch (SipParseException e) {
            return null;
        }
    }

    public static SipUri parse(String text) {
        if (text == null) {
            throw new SipParseException("missing URI");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new SipParseException("URI without scheme: " + text);
        }
        String scheme = sipScheme(text, colon);
        if (scheme == null) {
            throw new SipParseException("not a sip or sips URI: " + text);
        }
        int n = text.length();
        String user = null;
        String password = null;
        int at = text.indexOf('@', colon + 1);
        int i = colon + 1;
        if (at >= 0) {
            int passwordColon = text.indexOf(':', i);
            if (passwordColon >= at) {
                passwordColon = -1;
            }
            user = text.substring(i, passwordColon < 0 ? at : passwordColon);
            password = passwordColon < 0 ? null : text.substring(passwordColon + 1, at);
            if (!isUser(user) || (password != null && !isPassword(password))) {
                throw new SipParseException("bad user part in URI: " + text);
            }
            i = at + 1;
        }
        int hostStart = i;
        if (i < n && text.charAt(i) == '[') {
            int close = text.indexOf(']', i);
            if (close < 0) {
                throw new SipParseException("unterminated IPv6 reference in URI: " + text);
            }
            i = close + 1;
        } else {
            while (i < n && SipSyntax.isHostChar(text.charAt(i))) {
                i++;
            }
        }
        String host = text.substring(hostStart, i);
        // A name scanned as host characters needs only to be non-empty; a [reference] is checked whole.
        if (host.isEmpty() || (host.charAt(0) == '[' && !SipSyntax.isHost(host))) {
            throw new SipParseException("bad host in URI: " + text);
        }
        int port = -1;
        if (i < n && text.charAt(i) == ':') {
            int portStart = ++i;
            while (i < n && SipSyntax.isDigit(text.charAt(i))) {
                i++;
            }
            port = SipSyntax.parsePort(text, portStart, i);
            if (port < 0) {
                throw new SipParseException("bad port in URI: " + text);
            }
        }
        Parameters.Builder params = new Parameters.Builder();
        while (i < n && text.charAt(i) == ';') {
            int start = ++i;
            while (i < n && text.charAt(i) != ';' && text.charAt(i) != '?') {
                i++;
            }
            int eq = text.indexOf('=', start);
            boolean hasValue = eq >= 0 && eq < i;
            int nameEnd = hasValue ? eq : i;
            if (!isEscapedText(text, start, nameEnd, PARAM) || (hasValue && !isEscapedText(text, eq + 1, i, PARAM))) {
                throw new SipParseException("bad parameter in URI: " + text);
            }
            params.add(text.substring(start, nameEnd), hasValue ? text.substring(eq + 1, i) : null);
        }
        String headers = null;
        if (i < n && text.charAt(i) == '?') {
            headers = text.substring(i + 1);
            if (!isHeadersText(headers)) {
                throw new SipParseException("bad headers in URI: " + text);
            }
            i = n;
        }
        if (i != n) {
            throw new SipParseException("unexpected '" + text.charAt(i) + "' in URI: " + text);
        }
        return new SipUri(scheme, user, password, host, port, params.build(), headers);
    }

    /**
     * {@code "sip"} or {@code "sips"} when the text before {@code colon} is that scheme in any case,
     * else null. Only ASCII letters fold: no other character lower-cases to one of these.
     */
    static String sipScheme(String text, int colon) {
        if (colon == 3 && SipSyntax.startsWithIgnoringCase(text, 0, "sip")) {
            return "sip";
        }
        if (colon == 4 && SipSyntax.startsWithIgnoringCase(text, 0, "sips")) {
            return "sips";
        }
        return null;
    }

    /** Checks {@code s[from, to)} against a set of allowed characters plus %HH escapes; false when empty. */
    private static boolean isEscapedText(String s, int from, int to, boolean[] allowed) {
        if (to == from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (!SipSyntax.in(allowed, c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return SipSyntax.isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isUser(String s) {
        return isEscapedText(s, 0, s.length(), USER);
    }

    private static boolean isPassword(String s) {
        return s.isEmpty() || isEscapedText(s, 0, s.length(), PASSWORD);
    }

    private static boolean isParamText(String s) {
        return isEscapedText(s, 0, s.length(), PARAM);
    }

    private static boolean isHeadersText(String s) {
        return isEscapedText(s, 0, s.length(), HEADERS);
    }

    /** Lower case: {@code sip} or {@code sips}. */
    public String scheme() {
        return scheme;
    }

    /** The user part as written (escapes kept), or null. */
    public String user() {
        return user;
    }

    /** The user part with %HH escapes decoded as UTF-8, or null. */
    public String userDecoded() {
        return user == null ? null : percentDecode(user);
    }

    /** The (deprecated, §19.1.1) password, or null. */
    public String password() {
        return password;
    }

    /** The host as written; an IPv6 reference keeps its brackets. */
    public String host() {
        return host;
    }

    /** The port, or -1 when absent. */
    public int port() {
        return port;
    }

    /** Case-insensitive name; a flag parameter ({@code ;lr}) reads as {@code ""}; null when absent. */
    public String param(String name) {
        return params.get(name);
    }

    public boolean hasParam(String name) {
        return params.has(name);
    }

    /** Parameters in order, names in lower case, flags as {@code ""}. Unmodifiable. */
    public Map<String, String> params() {
        return params.asMap();
    }

    /** The raw {@code ?header=value&...} part without the question mark, or null. */
    public String headers() {
        return headers;
    }

    public SipUri withUser(String user) {
        if (user != null && !isUser(user)) {
            throw new IllegalArgumentException("bad URI user (escape it first): " + user);
        }
        return new SipUri(scheme, user, user == null ? null : password, host, port, params, headers);
    }

    public SipUri withHost(String host) {
        if (host == null || !SipSyntax.isHost(host)) {
            throw new IllegalArgumentException("bad URI host: " + host);
        }
        return new SipUri(scheme, user, password, host, port, params, headers);
    }

    /** Port -1 removes it. */
    public SipUri withPort(int port) {
        if (port < -1 || port > 65_535) {
            throw new IllegalArgumentException("bad URI port: " + port);
        }
        return new SipUri(scheme, user, password, host, port, params, headers);
    }

    /** Sets or replaces a parameter; a null value makes it a flag ({@code ;lr}). */
    public SipUri withParam(String name, String value) {
        if (name == null || !isParamText(name) || (value != null && !isParamText(value))) {
            throw new IllegalArgumentException("bad URI parameter: " + name + "=" + value);
        }
        return new SipUri(scheme, user, password, host, port, params.with(name, value), headers);
    }

    public SipUri withoutParam(String name) {
        return new SipUri(scheme, user, password, host, port, params.without(name), headers);
    }

    public SipUri withScheme(String scheme) {
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (!lower.equals("sip") && !lower.equals("sips")) {
            throw new IllegalArgumentException("not sip or sips: " + scheme);
        }
        return new SipUri(lower, user, password, host, port, params, headers);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(48).append(scheme).append(':');
        if (user != null) {
            out.append(user);
            if (password != null) {
                out.append(':').append(password);
            }
            out.append('@');
        }
        out.append(host);
        if (port >= 0) {
            out.append(':').append(port);
        }
        params.appendTo(out);
        if (headers != null) {
            out.append('?').append(headers);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipUri u && canonical().equals(u.canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }

    private String canonical() {
        return new SipUri(scheme, user, password, host.toLowerCase(Locale.ROOT), port, params, headers).toString();
    }

    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                bytes.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
