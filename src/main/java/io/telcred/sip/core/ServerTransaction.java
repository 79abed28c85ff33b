package io.telcred.sip.core;

import io.netty.util.Timeout;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.transport.Flow;

/** One server transaction: the request, where it came from, and the last response sent for it. */
final class ServerTransaction {

    final TransactionKey key;
    final SipRequest request;
    final Flow flow;
    private volatile SipResponse lastResponse;
    volatile Timeout retransmission;

    ServerTransaction(TransactionKey key, SipRequest request, Flow flow) {
        this.key = key;
        this.request = request;
        this.flow = flow;
    }

    SipResponse lastResponse() {
        return lastResponse;
    }

    void lastResponse(SipResponse response) {
        this.lastResponse = response;
    }

    boolean completed() {
        SipResponse last = lastResponse;
        return last != null && last.status() >= 200;
    }

    boolean invite() {
        return request.method().equals("INVITE");
    }
}
