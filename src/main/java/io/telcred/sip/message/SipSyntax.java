package io.telcred.sip.message;

import java.util.ArrayList;
import java.util.List;

/** Character classes and small scanners of the RFC 3261 §25 grammar, shared by the value parsers. */
final class SipSyntax {

    /** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"). */
    private static final boolean[] TOKEN = asciiSet("-.!%*_+`'~");
    /** Characters of a hostname or IPv4 address. */
    private static final boolean[] HOST = asciiSet("-._");

    private SipSyntax() {
    }

    /**
     * The letters, digits and {@code others} as a table indexed by character: the parsers test every
     * character of every value, and a lookup is cheaper than a chain of comparisons.
     */
    static boolean[] asciiSet(String others) {
        boolean[] set = new boolean[128];
        for (char c = 0; c < 128; c++) {
            set[c] = isAlphaNum(c) || others.indexOf(c) >= 0;
        }
        return set;
    }

    /** Whether {@code c} is in a set made by {@link #asciiSet}; nothing above ASCII is. */
    static boolean in(boolean[] set, char c) {
        return c < 128 && set[c];
    }

    /**
     * A header value that is 1*DIGIT (surrounding whitespace allowed) and at most {@code max}, or -1:
     * signs, spaces inside, and values too long to fit are all refused, without any exception.
     */
    static long wholeNumber(String value, long max) {
        if (value == null) {
            return -1;
        }
        String s = value.strip();
        if (s.isEmpty() || s.length() > 18) {
            return -1; // 18 digits cannot overflow a long; leading zeros are allowed
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n > max ? -1 : n;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAlphaNum(char c) {
        return isAlpha(c) || isDigit(c);
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static boolean isTokenChar(char c) {
        return c < 128 && TOKEN[c];
    }

    /** A token character read as a byte of ISO-8859-1 text. */
    static boolean isTokenByte(byte b) {
        return b >= 0 && TOKEN[b];
    }

    static boolean isHostChar(char c) {
        return c < 128 && HOST[c];
    }

    /** Whether {@code s} from {@code from} starts with {@code lower}, comparing ASCII letters in either case. */
    static boolean startsWithIgnoringCase(String s, int from, String lower) {
        int n = lower.length();
        if (s.length() - from < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(from + i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean isToken(CharSequence s) {
        if (s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static int skipWhitespace(String s, int i) {
        while (i < s.length() && isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Index just past the closing quote of the quoted-string that opens at {@code start}, honouring
     * backslash escapes; -1 when it is not terminated.
     */
    static int endOfQuoted(String s, int start) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** The content of a quoted-string with its escapes resolved. */
    static String unquote(String quoted) {
        StringBuilder out = new StringBuilder(quoted.length());
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length() - 1) {
                c = quoted.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /** {@code text} as a quoted-string, escaping quote and backslash. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /**
     * Splits a list header value on commas that are outside quoted strings and angle brackets,
     * trimming each element. Empty elements are kept when {@code keepEmpty}, so that a strict caller
     * can reject {@code "a,,b"}. One pass, no backtracking.
     */
    static List<String> splitList(String value, boolean keepEmpty) {
        List<String> parts = new ArrayList<>(2);
        addListElements(value, keepEmpty, parts);
        return parts;
    }

    /** Adds the elements of a list header value to {@code into}, as {@link #splitList} returns them. */
    static void addListElements(String value, boolean keepEmpty, List<String> into) {
        int n = value.length();
        int start = 0;
        while (true) {
            int end = endOfListElement(value, start);
            String trimmed = (start == 0 && end == n ? value : value.substring(start, end)).strip();
            if (keepEmpty || !trimmed.isEmpty()) {
                into.add(trimmed);
            }
            if (end == n) {
                return;
            }
            start = end + 1;
        }
    }

    /** The first non-empty element of a list header value, trimmed, or null when it has none. */
    static String firstListElement(String value) {
        int n = value.length();
        int start = 0;
        while (true) {
            int end = endOfListElement(value, start);
            String trimmed = (start == 0 && end == n ? value : value.substring(start, end)).strip();
            if (!trimmed.isEmpty()) {
                return trimmed;
            }
            if (end == n) {
                return null;
            }
            start = end + 1;
        }
    }

    /**
     * The index of the comma that ends the list element starting at {@code from}, or the length of
     * {@code value} when it is the last. Commas inside a quoted string or angle brackets do not count.
     */
    static int endOfListElement(String value, int from) {
        int n = value.length();
        if (value.indexOf(',', from) < 0) {
            return n;
        }
        boolean inQuotes = false;
        boolean inAngle = false;
        for (int i = from; i < n; i++) {
            char c = value.charAt(i);
            if (inQuotes) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inQuotes = false;
                }
            } else if (c == '"') {
                inQuotes = true;
            } else if (c == '<') {
                inAngle = true;
            } else if (c == '>') {
                inAngle = false;
            } else if (c == ',' && !inAngle) {
                return i;
            }
        }
        return n;
    }

    /** Whether a host (hostname, IPv4 or bracketed IPv6 reference) is syntactically acceptable. */
    static boolean isHost(String host) {
        if (host.isEmpty()) {
            return false;
        }
        if (host.charAt(0) == '[') {
            if (host.length() < 4 || host.charAt(host.length() - 1) != ']') {
                return false;
            }
            for (int i = 1; i < host.length() - 1; i++) {
                char c = host.charAt(i);
                if (!(isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.')) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            if (!isHostChar(host.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Parses a port of 1 to 5 digits in 0..65535; -2 when malformed. */
    static int parsePort(String s) {
        return parsePort(s, 0, s.length());
    }

    /** {@link #parsePort(String)} of {@code s[from, to)}. */
    static int parsePort(String s, int from, int to) {
        if (to == from || to - from > 5) {
            return -2;
        }
        int port = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -2;
            }
            port = port * 10 + (c - '0');
        }
        return port > 65_535 ? -2 : port;
    }
}
