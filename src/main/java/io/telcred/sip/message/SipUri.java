package io.telcred.sip.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code sip:} or {@code sips:} URI (RFC 3261 §19.1). Immutable. Components are kept as written,
 * escapes included, so that encoding reproduces the input; {@link #userDecoded()} resolves escapes
 * for comparing user names. Equality is textual on the canonical form (scheme and host
 * case-insensitive), not the full §19.1.4 comparison.
 */
public final class SipUri {

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

    public static SipUri parse(String text) {
        if (text == null) {
            throw new SipParseException("missing URI");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new SipParseException("URI without scheme: " + text);
        }
        String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            throw new SipParseException("not a sip or sips URI: " + text);
        }
        String rest = text.substring(colon + 1);
        String user = null;
        String password = null;
        int at = rest.indexOf('@');
        int i = 0;
        if (at >= 0) {
            String userinfo = rest.substring(0, at);
            int passwordColon = userinfo.indexOf(':');
            user = passwordColon < 0 ? userinfo : userinfo.substring(0, passwordColon);
            password = passwordColon < 0 ? null : userinfo.substring(passwordColon + 1);
            if (!isUser(user) || (password != null && !isPassword(password))) {
                throw new SipParseException("bad user part in URI: " + text);
            }
            i = at + 1;
        }
        int n = rest.length();
        int hostStart = i;
        if (i < n && rest.charAt(i) == '[') {
            int close = rest.indexOf(']', i);
            if (close < 0) {
                throw new SipParseException("unterminated IPv6 reference in URI: " + text);
            }
            i = close + 1;
        } else {
            while (i < n && isHostChar(rest.charAt(i))) {
                i++;
            }
        }
        String host = rest.substring(hostStart, i);
        if (!SipSyntax.isHost(host)) {
            throw new SipParseException("bad host in URI: " + text);
        }
        int port = -1;
        if (i < n && rest.charAt(i) == ':') {
            int portStart = ++i;
            while (i < n && SipSyntax.isDigit(rest.charAt(i))) {
                i++;
            }
            port = SipSyntax.parsePort(rest.substring(portStart, i));
            if (port < 0) {
                throw new SipParseException("bad port in URI: " + text);
            }
        }
        List<String[]> params = new ArrayList<>(2);
        while (i < n && rest.charAt(i) == ';') {
            int start = ++i;
            while (i < n && rest.charAt(i) != ';' && rest.charAt(i) != '?') {
                i++;
            }
            String param = rest.substring(start, i);
            int eq = param.indexOf('=');
            String name = eq < 0 ? param : param.substring(0, eq);
            String value = eq < 0 ? null : param.substring(eq + 1);
            if (!isParamText(name) || (value != null && !isParamText(value))) {
                throw new SipParseException("bad parameter in URI: " + text);
            }
            params.add(new String[] {name, value});
        }
        String headers = null;
        if (i < n && rest.charAt(i) == '?') {
            headers = rest.substring(i + 1);
            if (!isHeadersText(headers)) {
                throw new SipParseException("bad headers in URI: " + text);
            }
            i = n;
        }
        if (i != n) {
            throw new SipParseException("unexpected '" + rest.charAt(i) + "' in URI: " + text);
        }
        return new SipUri(scheme, user, password, host, port, Parameters.of(params), headers);
    }

    private static boolean isHostChar(char c) {
        return SipSyntax.isAlphaNum(c) || c == '-' || c == '.' || c == '_';
    }

    private static boolean isUnreserved(char c) {
        return SipSyntax.isAlphaNum(c) || "-_.!~*'()".indexOf(c) >= 0;
    }

    /** Checks characters of {@code s} against {@code extra} plus unreserved and %HH escapes. */
    private static boolean isEscapedText(String s, String extra) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (!isUnreserved(c) && extra.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return SipSyntax.isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isUser(String s) {
        return isEscapedText(s, "&=+$,;?/");
    }

    private static boolean isPassword(String s) {
        return s.isEmpty() || isEscapedText(s, "&=+$,");
    }

    private static boolean isParamText(String s) {
        return isEscapedText(s, "[]/:&+$");
    }

    private static boolean isHeadersText(String s) {
        return isEscapedText(s, "[]/?:+$=&");
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

    /** The URI without its {@code ?headers} part (required for a Request-URI, §19.1.5). */
    public SipUri withoutHeaders() {
        return new SipUri(scheme, user, password, host, port, params, null);
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
