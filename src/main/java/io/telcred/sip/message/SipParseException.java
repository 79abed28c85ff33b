package io.telcred.sip.message;

/**
 * Malformed SIP syntax. Thrown by the value parsers ({@link Via#parse}, {@link SipUri#parse},
 * {@link NameAddress#parse}); {@link SipParser} turns it into a {@link ParseResult.Invalid} and never
 * lets it escape. It carries no stack trace: it is an expected outcome on hostile input, and
 * filling a trace per bad datagram would be the most expensive part of rejecting it.
 */
public final class SipParseException extends RuntimeException {

    public SipParseException(String message) {
        super(message, null, false, false);
    }
}
