package io.telcred.sip.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable, ordered list of {@code ;name[=value]} parameters. Names compare case-insensitively
 * but keep their spelling for encoding; a flag parameter has a null value internally and reads as
 * {@code ""}. Quoted values are kept as written, with their quotes, so that re-encoding is exact.
 */
final class Parameters {

    static final Parameters NONE = new Parameters(List.of());

    private final List<String[]> entries;

    private Parameters(List<String[]> entries) {
        this.entries = entries;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    String get(String name) {
        for (String[] e : entries) {
            if (e[0].equalsIgnoreCase(name)) {
                return e[1] == null ? "" : e[1];
            }
        }
        return null;
    }

    boolean has(String name) {
        return get(name) != null;
    }

    /** A copy with {@code name} set to {@code value} (null for a flag), in place if present, else last. */
    Parameters with(String name, String value) {
        List<String[]> copy = new ArrayList<>(entries.size() + 1);
        boolean replaced = false;
        for (String[] e : entries) {
            if (e[0].equalsIgnoreCase(name)) {
                if (!replaced) {
                    copy.add(new String[] {e[0], value});
                    replaced = true;
                }
            } else {
                copy.add(e);
            }
        }
        if (!replaced) {
            copy.add(new String[] {name, value});
        }
        return new Parameters(Collections.unmodifiableList(copy));
    }

    Parameters without(String name) {
        List<String[]> copy = new ArrayList<>(entries.size());
        for (String[] e : entries) {
            if (!e[0].equalsIgnoreCase(name)) {
                copy.add(e);
            }
        }
        return copy.size() == entries.size() ? this : new Parameters(Collections.unmodifiableList(copy));
    }

    /** Names in lower case (RFC 3261 compares them case-insensitively), flags as {@code ""}. */
    Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String[] e : entries) {
            map.putIfAbsent(e[0].toLowerCase(Locale.ROOT), e[1] == null ? "" : e[1]);
        }
        return Collections.unmodifiableMap(map);
    }

    void appendTo(StringBuilder out) {
        for (String[] e : entries) {
            out.append(';').append(e[0]);
            if (e[1] != null) {
                out.append('=').append(e[1]);
            }
        }
    }

    /**
     * Header parameters ({@code *(SEMI generic-param)}) from {@code start} to the end of {@code s}:
     * {@code token [EQUAL (token / host / quoted-string)]} with optional white space around
     * {@code ;} and {@code =}.
     */
    static Parameters parseGeneric(String s, int start, String what) {
        int i = SipSyntax.skipWhitespace(s, start);
        if (i == s.length()) {
            return NONE;
        }
        List<String[]> entries = new ArrayList<>(4);
        int n = s.length();
        while (i < n) {
            if (s.charAt(i) != ';') {
                throw new SipParseException("unexpected '" + s.charAt(i) + "' in " + what);
            }
            i = SipSyntax.skipWhitespace(s, i + 1);
            int nameStart = i;
            while (i < n && SipSyntax.isTokenChar(s.charAt(i))) {
                i++;
            }
            if (i == nameStart) {
                throw new SipParseException("empty parameter name in " + what);
            }
            String name = s.substring(nameStart, i);
            i = SipSyntax.skipWhitespace(s, i);
            String value = null;
            if (i < n && s.charAt(i) == '=') {
                i = SipSyntax.skipWhitespace(s, i + 1);
                if (i < n && s.charAt(i) == '"') {
                    int end = SipSyntax.endOfQuoted(s, i);
                    if (end < 0) {
                        throw new SipParseException("unterminated quoted parameter value in " + what);
                    }
                    value = s.substring(i, end);
                    i = end;
                } else {
                    int valueStart = i;
                    while (i < n && isGenValueChar(s.charAt(i))) {
                        i++;
                    }
                    if (i == valueStart) {
                        throw new SipParseException("empty value of parameter " + name + " in " + what);
                    }
                    value = s.substring(valueStart, i);
                }
                i = SipSyntax.skipWhitespace(s, i);
            }
            entries.add(new String[] {name, value});
        }
        return new Parameters(Collections.unmodifiableList(entries));
    }

    /** gen-value = token / host: token characters plus the brackets and colons of an IPv6 reference. */
    private static boolean isGenValueChar(char c) {
        return SipSyntax.isTokenChar(c) || c == ':' || c == '[' || c == ']';
    }

    /** Builds from already-validated pairs (used by the URI parser, whose grammar differs). */
    static Parameters of(List<String[]> entries) {
        return entries.isEmpty() ? NONE : new Parameters(Collections.unmodifiableList(new ArrayList<>(entries)));
    }

    /** A value safe to write after {@code =}: as given if it is a gen-value or quoted, else quoted. */
    static String encodeGenericValue(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() >= 2 && value.charAt(0) == '"' && SipSyntax.endOfQuoted(value, 0) == value.length()) {
            return value;
        }
        if (value.isEmpty()) {
            return "\"\"";
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isGenValueChar(value.charAt(i))) {
                return SipSyntax.quote(value);
            }
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Parameters other) || other.entries.size() != entries.size()) {
            return false;
        }
        for (int i = 0; i < entries.size(); i++) {
            String[] a = entries.get(i);
            String[] b = other.entries.get(i);
            if (!a[0].equalsIgnoreCase(b[0]) || !java.util.Objects.equals(a[1], b[1])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (String[] e : entries) {
            h = 31 * h + e[0].toLowerCase(Locale.ROOT).hashCode() + java.util.Objects.hashCode(e[1]);
        }
        return h;
    }
}
