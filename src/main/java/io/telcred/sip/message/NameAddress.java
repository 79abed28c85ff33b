package io.telcred.sip.message;

import java.util.Objects;

/**
 * A name-addr or addr-spec with header parameters, as in From, To, Contact, Route, Record-Route and
 * Path: {@code "Bob" <sip:bob@x>;tag=1;expires=60;+sip.instance="<urn:uuid:...>";reg-id=1}. Also
 * the Contact wildcard {@code *}. Immutable.
 *
 * <p>The URI is kept as text because any scheme may appear (tel:, urn:, mailto:...); a sip or sips
 * URI is validated on parse and available parsed from {@link #sipUri()}. Parameters without angle
 * brackets belong to the header, not the URI (RFC 3261 §20.10). Quoted parameter values are
 * returned as written, quotes included ({@code +sip.instance} is compared that way by RFC 5626);
 * {@link #unquotedParam} strips them.
 */
public final class NameAddress {

    /** White space, controls and the delimiters of a name-addr, none of which a URI may hold. */
    private static final boolean[] NOT_IN_URI = notInUri();

    private static final NameAddress WILDCARD = new NameAddress(true, null, "*", null, Parameters.NONE);

    private final boolean wildcard;
    private final String displayName;
    private final String uri;
    private final SipUri sipUri;
    private final Parameters params;

    private NameAddress(boolean wildcard, String displayName, String uri, SipUri sipUri, Parameters params) {
        this.wildcard = wildcard;
        this.displayName = displayName;
        this.uri = uri;
        this.sipUri = sipUri;
        this.params = params;
    }

    /** A name-addr from a display name (null for none) and a URI; throws if the URI is malformed. */
    public static NameAddress of(String displayName, String uri) {
        return new NameAddress(false, displayName, uri, checkUri(uri, uri), Parameters.NONE);
    }

    public static NameAddress of(String displayName, SipUri uri) {
        return new NameAddress(false, displayName, uri.toString(), uri, Parameters.NONE);
    }

    /** Parses one value (not a comma-separated list); {@code *} is the Contact wildcard. */
    public static NameAddress parse(String value) {
        if (value == null) {
            throw new SipParseException("missing address");
        }
        String s = value.strip();
        if (s.equals("*")) {
            return WILDCARD;
        }
        if (s.isEmpty()) {
            throw new SipParseException("empty address");
        }
        int n = s.length();
        String displayName = null;
        int i;
        if (s.charAt(0) == '"') {
            int end = SipSyntax.endOfQuoted(s, 0);
            if (end < 0) {
                throw new SipParseException("unterminated quoted display name: " + value);
            }
            displayName = SipSyntax.unquote(s.substring(0, end));
            i = SipSyntax.skipWhitespace(s, end);
            if (i >= n || s.charAt(i) != '<') {
                throw new SipParseException("display name without <URI>: " + value);
            }
        } else {
            // display-name = *(token LWS): scan tokens and white space; a '<' then opens the URI.
            i = 0;
            while (i < n && (SipSyntax.isTokenChar(s.charAt(i)) || SipSyntax.isWhitespace(s.charAt(i)))) {
                i++;
            }
            if (i < n && s.charAt(i) == '<') {
                String name = s.substring(0, i).strip();
                displayName = name.isEmpty() ? null : name;
            } else if (s.indexOf('<') >= 0) {
                // No URI contains '<', so this is a display name with non-token characters, unquoted.
                throw new SipParseException("display name must be quoted: " + value);
            } else {
                return parseAddrSpec(s, value);
            }
        }
        int close = s.indexOf('>', i);
        if (close < 0) {
            throw new SipParseException("unterminated <URI>: " + value);
        }
        String uri = s.substring(i + 1, close);
        SipUri sipUri = checkUri(uri, value);
        Parameters params = Parameters.parseGeneric(s, close + 1, "address");
        return new NameAddress(false, displayName, uri, sipUri, params);
    }

    /** addr-spec: the URI runs to the first ';', after which come header parameters. */
    private static NameAddress parseAddrSpec(String s, String value) {
        int semi = s.indexOf(';');
        String uri = (semi < 0 ? s : s.substring(0, semi)).strip();
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            // §20: a URI with a comma, question mark or semicolon must be enclosed in <>.
            if (c == ',' || c == '?') {
                throw new SipParseException("URI with '" + c + "' must be enclosed in <>: " + value);
            }
        }
        SipUri sipUri = checkUri(uri, value);
        Parameters params = semi < 0 ? Parameters.NONE : Parameters.parseGeneric(s, semi, "address");
        return new NameAddress(false, null, uri, sipUri, params);
    }

    private static boolean[] notInUri() {
        boolean[] set = new boolean[128];
        for (char c = 0; c <= ' '; c++) {
            set[c] = true;
        }
        set['<'] = true;
        set['>'] = true;
        set['"'] = true;
        set[0x7f] = true;
        return set;
    }

    /** Validates an absolute URI; returns it parsed when sip or sips, else null. */
    private static SipUri checkUri(String uri, String context) {
        if (uri == null) {
            throw new SipParseException("missing URI");
        }
        int colon = uri.indexOf(':');
        if (colon <= 0 || colon == uri.length() - 1 || !SipSyntax.isAlpha(uri.charAt(0))) {
            throw new SipParseException("not an absolute URI: " + context);
        }
        for (int i = 1; i < colon; i++) {
            char c = uri.charAt(i);
            if (!(SipSyntax.isAlphaNum(c) || c == '+' || c == '-' || c == '.')) {
                throw new SipParseException("bad URI scheme: " + context);
            }
        }
        for (int i = colon + 1; i < uri.length(); i++) {
            if (SipSyntax.in(NOT_IN_URI, uri.charAt(i))) {
                throw new SipParseException("bad character in URI: " + context);
            }
        }
        return SipUri.sipScheme(uri, colon) != null ? SipUri.parse(uri) : null;
    }

    public boolean isWildcard() {
        return wildcard;
    }

    /** The display name with quotes and escapes removed, or null. */
    public String displayName() {
        return displayName;
    }

    /** The URI as text, without angle brackets; {@code *} for the wildcard. */
    public String uri() {
        return uri;
    }

    /** The URI parsed, or null when its scheme is not sip or sips. */
    public SipUri sipUri() {
        return sipUri;
    }

    /** Case-insensitive name; flags read as {@code ""}; quoted values keep their quotes; null if absent. */
    public String param(String name) {
        return params.get(name);
    }

    /** Like {@link #param} with the quotes and escapes of a quoted value removed. */
    public String unquotedParam(String name) {
        String value = params.get(name);
        return value != null && value.length() >= 2 && value.charAt(0) == '"' ? SipSyntax.unquote(value) : value;
    }

    public boolean hasParam(String name) {
        return params.has(name);
    }

    public String tag() {
        return params.get("tag");
    }

    /** Sets or replaces a header parameter; null value makes a flag; a value that is not a token is quoted. */
    public NameAddress withParam(String name, String value) {
        if (wildcard) {
            throw new IllegalStateException("the Contact wildcard takes no parameters");
        }
        if (name == null || !SipSyntax.isToken(name)) {
            throw new IllegalArgumentException("bad parameter name: " + name);
        }
        return new NameAddress(false, displayName, uri, sipUri, params.with(name, Parameters.encodeGenericValue(value)));
    }

    public NameAddress withoutParam(String name) {
        return new NameAddress(wildcard, displayName, uri, sipUri, params.without(name));
    }

    /**
     * The encoding: {@code "Name" <uri>;params}. Angle brackets are always used when there are
     * parameters or a display name (otherwise parameters would attach to the URI), and whenever the
     * URI contains {@code , ; ?}.
     */
    @Override
    public String toString() {
        if (wildcard) {
            return "*";
        }
        StringBuilder out = new StringBuilder(uri.length() + 32);
        boolean bracket = displayName != null || !params.isEmpty()
                || uri.indexOf(';') >= 0 || uri.indexOf(',') >= 0 || uri.indexOf('?') >= 0;
        if (displayName != null) {
            out.append(SipSyntax.quote(displayName)).append(' ');
        }
        if (bracket) {
            out.append('<').append(uri).append('>');
        } else {
            out.append(uri);
        }
        params.appendTo(out);
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NameAddress a && wildcard == a.wildcard && Objects.equals(displayName, a.displayName)
                && uri.equals(a.uri) && params.equals(a.params);
    }

    @Override
    public int hashCode() {
        return Objects.hash(wildcard, displayName, uri, params);
    }
}
