package io.telcred.sip.message;

/** What {@link SipParser} makes of one message: a message, or the reason it is not one. */
public sealed interface ParseResult {

    /** A well-formed message. */
    record Parsed(SipMessage message) implements ParseResult {
    }

    /**
     * Not a valid message. {@code partial} is the request as far as it could be read (request line
     * and the header lines that could be read, such as Via, From, To, Call-ID, CSeq) so that an
     * error response can be answered, or null when the input is a response, too large, or too broken
     * to answer. {@code status} is the response code to answer with: 400 by default, 505 for an
     * unknown SIP version, 501 for an unknown method whose CSeq does not match (RFC 4475 §3.1.2.18),
     * 513 for a message over the size limit.
     */
    record Invalid(String reason, SipRequest partial, int status) implements ParseResult {

        public Invalid(String reason, SipRequest partial) {
            this(reason, partial, 400);
        }
    }
}
