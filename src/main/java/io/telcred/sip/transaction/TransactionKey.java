package io.telcred.sip.transaction;

import io.telcred.sip.message.SipMessage;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.Via;
import java.util.Locale;

/**
 * Matches requests to server transactions (RFC 3261 §17.2.3): the top Via's branch and sent-by,
 * and the method, where ACK belongs to its INVITE. Requests from pre-RFC 3261 clients, without a
 * magic-cookie branch, are matched by Call-ID, CSeq, From tag and the top Via.
 */
public record TransactionKey(String value) {

    public static final String MAGIC_COOKIE = "z9hG4bK";

    public static TransactionKey of(SipRequest request) {
        String method = request.method().equals("ACK") ? "INVITE" : request.method();
        return of(request, method);
    }

    /** The key of the INVITE a CANCEL cancels: same branch, method INVITE. */
    public static TransactionKey ofCancelled(SipRequest cancel) {
        return of(cancel, "INVITE");
    }

    private static TransactionKey of(SipMessage message, String method) {
        Via via = message.topVia();
        String branch = via == null ? null : via.branch();
        if (branch != null && branch.startsWith(MAGIC_COOKIE)) {
            return new TransactionKey(branch + "|" + via.host().toLowerCase(Locale.ROOT) + ":" + via.port() + "|" + method);
        }
        String fromTag = message.from() == null ? "" : String.valueOf(message.from().tag());
        long cseq = message.cseq() == null ? -1 : message.cseq().number();
        return new TransactionKey(message.callId() + "|" + cseq + "|" + fromTag + "|" + via + "|" + method);
    }
}
