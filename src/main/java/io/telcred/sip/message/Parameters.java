package io.telcred.sip.message;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, ordered list of {@code ;name[=value]} parameters. Names compare case-insensitively
 * but keep their spelling for encoding; a flag parameter has a null value internally and reads as
 * {@code ""}. Quoted values are kept as written, with their quotes, so that re-encoding is exact.
 */
final class Parameters {

    static final Parameters NONE = new Parameters(new String[0]);

    private static final boolean[] GEN_VALUE = SipSyntax.asciiSet("-.!%*_+`'~:[]");

    /** Name, value, name, value...; a flag's value is null. One array, as messages carry several of these. */
    private final String[] pairs;

    private Parameters(String[] pairs) {
        this.pairs = pairs;
    }

    boolean isEmpty() {
        return pairs.length == 0;
    }

    String get(String name) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                return pairs[i + 1] == null ? "" : pairs[i + 1];
            }
        }
        return null;
    }

    boolean has(String name) {
        return get(name) != null;
    }

    /** A copy with {@code name} set to {@code value} (null for a flag), in place if present, else last. */
    Parameters with(String name, String value) {
        String[] copy = new String[pairs.length + 2];
        int size = 0;
        boolean replaced = false;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                if (!replaced) {
                    copy[size++] = pairs[i];
                    copy[size++] = value;
                    replaced = true;
                }
            } else {
                copy[size++] = pairs[i];
                copy[size++] = pairs[i + 1];
            }
        }
        if (!replaced) {
            copy[size++] = name;
            copy[size++] = value;
        }
        return new Parameters(size == copy.length ? copy : Arrays.copyOf(copy, size));
    }

    Parameters without(String name) {
        String[] copy = new String[pairs.length];
        int size = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i].equalsIgnoreCase(name)) {
                copy[size++] = pairs[i];
                copy[size++] = pairs[i + 1];
            }
        }
        return size == pairs.length ? this : new Parameters(Arrays.copyOf(copy, size));
    }

    /** Names in lower case (RFC 3261 compares them case-insensitively), flags as {@code ""}. */
    Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.putIfAbsent(pairs[i].toLowerCase(Locale.ROOT), pairs[i + 1] == null ? "" : pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    void appendTo(StringBuilder out) {
        for (int i = 0; i < pairs.length; i += 2) {
            out.append(';').append(pairs[i]);
            if (pairs[i + 1] != null) {
                out.append('=').append(pairs[i + 1]);
            }
        }
    }

    /** Collects name-value pairs for a {@link Parameters}, growing as needed. */
    static final class Builder {
        private String[] pairs = new String[4];
        private int size;

        void add(String name, String value) {
            if (size == pairs.length) {
                pairs = Arrays.copyOf(pairs, size * 2);
            }
            pairs[size++] = name;
            pairs[size++] = value;
        }

        Parameters build() {
            return size == 0 ? NONE : new Parameters(size == pairs.length ? pairs : Arrays.copyOf(pairs, size));
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
        Builder entries = new Builder();
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
            entries.add(name, value);
        }
        return entries.build();
    }

    /** gen-value = token / host: token characters plus the brackets and colons of an IPv6 reference. */
    private static boolean isGenValueChar(char c) {
        return SipSyntax.in(GEN_VALUE, c);
    }

    /** Whether {@code value} can follow {@code =} as it is, without quotes. */
    static boolean isGenValue(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isGenValueChar(value.charAt(i))) {
                return false;
            }
        }
        return true;
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
        return isGenValue(value) ? value : SipSyntax.quote(value);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Parameters other) || other.pairs.length != pairs.length) {
            return false;
        }
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i].equalsIgnoreCase(other.pairs[i]) || !Objects.equals(pairs[i + 1], other.pairs[i + 1])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < pairs.length; i += 2) {
            h = 31 * h + pairs[i].toLowerCase(Locale.ROOT).hashCode() + Objects.hashCode(pairs[i + 1]);
        }
        return h;
    }
}
