package io.telcred.sip.transaction;

import io.netty.util.Timeout;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.transport.Flow;

/**
 * One server transaction in progress: the request, where it came from, and the last response sent
 * for it. An INVITE keeps this form until it ends, since a CANCEL and the proxy's branches refer to
 * it; any other request leaves it for the {@link AnsweredLog} once finally answered.
 */
public final class ServerTransaction {

    final TransactionKey key;
    final SipRequest request;
    final Flow flow;
    private volatile SipResponse lastResponse;
    /** The last response as sent, for retransmissions. */
    private volatile byte[] lastWire;
    volatile Timeout retransmission;
    /** When it is forgotten (System.nanoTime), once a final response started its end. */
    volatile long forgetAt;

    ServerTransaction(TransactionKey key, SipRequest request, Flow flow) {
        this.key = key;
        this.request = request;
        this.flow = flow;
    }

    void answered(SipResponse response, byte[] wire) {
        this.lastWire = wire;
        this.lastResponse = response;
    }

    byte[] lastWire() {
        return lastWire;
    }

    boolean completed() {
        SipResponse last = lastResponse;
        return last != null && last.status() >= 200;
    }

    public TransactionKey key() {
        return key;
    }

    public SipRequest request() {
        return request;
    }

    /** Where the request came from, and where its answers go. */
    public Flow flow() {
        return flow;
    }

    public boolean invite() {
        return request.method().equals("INVITE");
    }

    /** Stops the retransmission of a final answer, if one is scheduled. */
    void stopRetransmission() {
        Timeout pending = retransmission;
        if (pending != null) {
            pending.cancel();
        }
    }
}
