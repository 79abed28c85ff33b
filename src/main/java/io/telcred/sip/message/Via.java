package io.telcred.sip.message;

import java.util.Locale;
import java.util.Objects;

/**
 * One Via value (RFC 3261 §20.42): {@code SIP/2.0/UDP host:port;branch=z9hG4bK...;rport;received=...}.
 * Immutable; the {@code with...} methods return copies. White space around the slashes and the
 * colon is accepted on input (the torture tests use it) and never produced on output.
 */
public final class Via {

    /** The magic cookie that marks an RFC 3261 branch (§8.1.1.7). */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    private final String protocolName;
    private final String protocolVersion;
    private final String transport;
    private final String host;
    private final int port;
    private final Parameters params;

    private Via(String protocolName, String protocolVersion, String transport, String host, int port, Parameters params) {
        this.protocolName = protocolName;
        this.protocolVersion = protocolVersion;
        this.transport = transport;
        this.host = host;
        this.port = port;
        this.params = params;
    }

    /** A {@code SIP/2.0} Via without parameters; port -1 leaves it out. */
    public static Via of(String transport, String host, int port) {
        if (transport == null || !SipSyntax.isToken(transport)) {
            throw new IllegalArgumentException("bad Via transport: " + transport);
        }
        if (host == null || !SipSyntax.isHost(host)) {
            throw new IllegalArgumentException("bad Via host: " + host);
        }
        if (port < -1 || port > 65_535) {
            throw new IllegalArgumentException("bad Via port: " + port);
        }
        return new Via("SIP", "2.0", transport.toUpperCase(Locale.ROOT), host, port, Parameters.NONE);
    }

    /** Parses one Via value (not a comma-separated list). */
    public static Via parse(String value) {
        if (value == null) {
            throw new SipParseException("missing Via");
        }
        String s = value;
        int n = s.length();
        int i = SipSyntax.skipWhitespace(s, 0);
        int start = i;
        i = skipToken(s, i);
        String name = s.substring(start, i);
        i = expectSlash(s, i);
        start = i;
        i = skipToken(s, i);
        String version = s.substring(start, i);
        i = expectSlash(s, i);
        start = i;
        i = skipToken(s, i);
        String transport = s.substring(start, i);
        if (name.isEmpty() || version.isEmpty() || transport.isEmpty()) {
            throw new SipParseException("bad Via sent-protocol: " + value);
        }
        int afterProtocol = i;
        i = SipSyntax.skipWhitespace(s, i);
        if (i == afterProtocol || i == n) {
            throw new SipParseException("missing Via sent-by: " + value);
        }
        start = i;
        if (s.charAt(i) == '[') {
            int close = s.indexOf(']', i);
            if (close < 0) {
                throw new SipParseException("unterminated IPv6 reference in Via: " + value);
            }
            i = close + 1;
        } else {
            while (i < n && SipSyntax.isHostChar(s.charAt(i))) {
                i++;
            }
        }
        String host = s.substring(start, i);
        // A name scanned as host characters needs only to be non-empty; a [reference] is checked whole.
        if (host.isEmpty() || (host.charAt(0) == '[' && !SipSyntax.isHost(host))) {
            throw new SipParseException("bad Via host: " + value);
        }
        int port = -1;
        int afterHost = SipSyntax.skipWhitespace(s, i);
        if (afterHost < n && s.charAt(afterHost) == ':') {
            i = SipSyntax.skipWhitespace(s, afterHost + 1);
            start = i;
            while (i < n && SipSyntax.isDigit(s.charAt(i))) {
                i++;
            }
            port = SipSyntax.parsePort(s, start, i);
            if (port < 0) {
                throw new SipParseException("bad Via port: " + value);
            }
        }
        Parameters params = Parameters.parseGeneric(s, i, "Via");
        return new Via(name.toUpperCase(Locale.ROOT), version, transport.toUpperCase(Locale.ROOT), host, port, params);
    }

    private static int skipToken(String s, int i) {
        while (i < s.length() && SipSyntax.isTokenChar(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int expectSlash(String s, int i) {
        i = SipSyntax.skipWhitespace(s, i);
        if (i >= s.length() || s.charAt(i) != '/') {
            throw new SipParseException("bad Via sent-protocol: " + s);
        }
        return SipSyntax.skipWhitespace(s, i + 1);
    }

    public String protocolName() {
        return protocolName;
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    /** Upper case: UDP, TCP, TLS, WS, WSS, SCTP... */
    public String transport() {
        return transport;
    }

    /** The sent-by host as written; an IPv6 reference keeps its brackets. */
    public String host() {
        return host;
    }

    /** The sent-by port, or -1 when absent. */
    public int port() {
        return port;
    }

    /** {@code host[:port]}. */
    public String sentBy() {
        return port < 0 ? host : host + ":" + port;
    }

    public String branch() {
        return params.get("branch");
    }

    /** The {@code received} parameter or null. */
    public String received() {
        return params.get("received");
    }

    /** The {@code rport} value, or -1 when absent or present as a bare flag (RFC 3581 request form). */
    public int rport() {
        String value = params.get("rport");
        if (value == null || value.isEmpty()) {
            return -1;
        }
        int port = SipSyntax.parsePort(value);
        return port < 0 ? -1 : port;
    }

    /** Case-insensitive name; a flag parameter reads as {@code ""}; null when absent. */
    public String param(String name) {
        return params.get(name);
    }

    public boolean hasParam(String name) {
        return params.has(name);
    }

    /** A copy with the parameter set or replaced; a null value makes it a flag ({@code ;rport}). */
    public Via withParam(String name, String value) {
        if (name == null || !SipSyntax.isToken(name)) {
            throw new IllegalArgumentException("bad Via parameter name: " + name);
        }
        return new Via(protocolName, protocolVersion, transport, host, port,
                params.with(name, Parameters.encodeGenericValue(value)));
    }

    public Via withoutParam(String name) {
        return new Via(protocolName, protocolVersion, transport, host, port, params.without(name));
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(64)
                .append(protocolName).append('/').append(protocolVersion).append('/').append(transport)
                .append(' ').append(host);
        if (port >= 0) {
            out.append(':').append(port);
        }
        params.appendTo(out);
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Via v && port == v.port && protocolName.equals(v.protocolName)
                && protocolVersion.equals(v.protocolVersion) && transport.equals(v.transport)
                && host.equalsIgnoreCase(v.host) && params.equals(v.params);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocolName, protocolVersion, transport, host.toLowerCase(Locale.ROOT), port, params);
    }
}
