package io.telcred.sip.core;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.Timeout;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.transport.Flow;

/**
 * One server transaction in progress: the request, where it came from, and the last response sent
 * for it. An INVITE keeps this form until it ends, since a CANCEL and the proxy's branches refer to
 * it; any other request is replaced by an {@link AnsweredTransaction} once finally answered.
 */
final class ServerTransaction implements TransactionEntry {

    final TransactionKey key;
    final SipRequest request;
    final Flow flow;
    private volatile SipResponse lastResponse;
    /** The last response as sent, for retransmissions. */
    private volatile byte[] lastWire;
    volatile Timeout retransmission;
    /** When it is forgotten (System.nanoTime), once a final response started its end. */
    private volatile long forgetAt;

    ServerTransaction(TransactionKey key, SipRequest request, Flow flow) {
        this.key = key;
        this.request = request;
        this.flow = flow;
    }

    SipResponse lastResponse() {
        return lastResponse;
    }

    void answered(SipResponse response, byte[] wire) {
        this.lastWire = wire;
        this.lastResponse = response;
    }

    @Override
    public ByteBuf lastWire() {
        byte[] wire = lastWire;
        return wire == null ? null : Unpooled.wrappedBuffer(wire);
    }

    boolean completed() {
        SipResponse last = lastResponse;
        return last != null && last.status() >= 200;
    }

    boolean invite() {
        return request.method().equals("INVITE");
    }

    @Override
    public TransactionKey key() {
        return key;
    }

    @Override
    public long forgetAt() {
        return forgetAt;
    }

    void forgetAt(long nanos) {
        this.forgetAt = nanos;
    }

    @Override
    public void forgotten() {
        Timeout pending = retransmission;
        if (pending != null) {
            pending.cancel();
        }
    }
}
