package io.telcred.sip.transaction;

import io.telcred.common.StoreUnavailableException;
import io.telcred.crypto.RandomStrings;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;

/** Answers telcred makes itself, as the user agent server of a request. */
public final class Responses {

    private Responses() {
    }

    /**
     * A response to the request; a final one gets a To tag when the request had none (RFC 3261 §8.2.6.2):
     * 64 random bits in lower-case hex, which cannot spell a header name. A letters-and-digits tag
     * sometimes held "CSeq", and SIPp 3.6 then read the CSeq from the To header and dropped the answer.
     */
    public static SipResponse answer(SipRequest request, int status, String reason) {
        SipResponse response = SipResponse.to(request, status, reason);
        if (status > 100) {
            response.toTag(RandomStrings.hexLower(16));
        }
        return response;
    }

    /**
     * The answer to a request whose handling failed with {@code failure}: 503 with Retry-After
     * when the store cannot be reached now, else 500.
     */
    public static SipResponse unavailableOrFailed(SipRequest request, Throwable failure) {
        StoreUnavailableException unavailable = StoreUnavailableException.in(failure);
        if (unavailable == null) {
            return answer(request, 500, "Server Internal Error");
        }
        return unavailable(request, unavailable.retryAfter());
    }

    /** 503 with a Retry-After of {@code retryAfter}, at least a second. */
    public static SipResponse unavailable(SipRequest request, java.time.Duration retryAfter) {
        SipResponse response = answer(request, 503, "Service Unavailable");
        response.headers().set("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
        return response;
    }
}
