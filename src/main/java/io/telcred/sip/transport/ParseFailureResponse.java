package io.telcred.sip.transport;

import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipParseException;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;

/**
 * The error response to a request that could not be parsed (the parser picks the status: 400, or
 * 501, 505, 513), when enough of it was read to address one: RFC 3261 §8.2.6.2 needs Via, From,
 * To, Call-ID and CSeq. The parse reason goes into the reason phrase so that a developer sees what
 * was wrong, reduced to plain characters and a bounded length, since it may quote the peer's bytes.
 */
final class ParseFailureResponse {

    /** Longest parse reason quoted in the reason phrase. */
    static final int MAX_REASON_DETAIL = 80;

    private static final String[] REQUIRED_HEADERS = {"Via", "From", "To", "Call-ID", "CSeq"};

    private ParseFailureResponse() {
    }

    /** The response to send, or null when the input was not a request, lacks what a response needs, or was an ACK. */
    static SipResponse of(ParseResult.Invalid invalid) {
        SipRequest partial = invalid.partial();
        if (partial == null || partial.isMethod("ACK")) {
            return null; // an ACK is never answered (RFC 3261 §17.2.1)
        }
        for (String name : REQUIRED_HEADERS) {
            if (partial.headers().first(name) == null) {
                return null;
            }
        }
        try {
            if (partial.topVia() == null || partial.cseq() == null) {
                return null;
            }
            return SipResponse.to(partial, invalid.status(), reasonPhrase(invalid.status(), invalid.reason()));
        } catch (SipParseException | IllegalArgumentException e) {
            return null; // a Via that cannot be read gives no address to answer to
        }
    }

    static String reasonPhrase(int status, String detail) {
        String standard = SipResponse.standardReason(status);
        if (detail == null) {
            return standard;
        }
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < detail.length() && safe.length() < MAX_REASON_DETAIL; i++) {
            char c = detail.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || " .,:;_-()'/".indexOf(c) >= 0;
            safe.append(plain ? c : '?');
        }
        String trimmed = safe.toString().strip();
        return trimmed.isEmpty() ? standard : standard + " (" + trimmed + ")";
    }
}
