package io.telcred.sip.message;

/**
 * The CSeq header: a sequence number and the request method (RFC 3261 §20.16). The number must be
 * below 2**31 (§8.1.1.5 says a UAC chooses it there; a larger value is still a valid 32-bit unsigned
 * integer on the wire, so parsing accepts up to 2**32-1).
 */
public record CSeq(long number, String method) {

    /** The largest sequence number the grammar admits: a 32-bit unsigned integer. */
    public static final long MAX_NUMBER = 0xFFFF_FFFFL;

    public CSeq {
        if (number < 0 || number > MAX_NUMBER) {
            throw new IllegalArgumentException("CSeq number out of range: " + number);
        }
        if (method == null || method.isEmpty() || !SipSyntax.isToken(method)) {
            throw new IllegalArgumentException("CSeq method is not a token: " + method);
        }
    }

    /** Parses {@code "4711 INVITE"} (any linear white space between the two); null when malformed. */
    public static CSeq parse(String value) {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        int i = 0;
        int n = text.length();
        long number = 0;
        int digits = 0;
        while (i < n && SipSyntax.isDigit(text.charAt(i))) {
            number = number * 10 + (text.charAt(i) - '0');
            if (number > MAX_NUMBER) {
                return null;
            }
            digits++;
            i++;
        }
        if (digits == 0 || i == n || !SipSyntax.isWhitespace(text.charAt(i))) {
            return null;
        }
        while (i < n && SipSyntax.isWhitespace(text.charAt(i))) {
            i++;
        }
        String method = text.substring(i);
        if (method.isEmpty() || !SipSyntax.isToken(method)) {
            return null;
        }
        return new CSeq(number, method);
    }

    @Override
    public String toString() {
        return number + " " + method;
    }
}
