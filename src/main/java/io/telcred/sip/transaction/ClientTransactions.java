package io.telcred.sip.transaction;

import io.netty.util.Timer;
import io.telcred.crypto.RandomStrings;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.message.Via;
import io.telcred.sip.transport.Addressing;
import io.telcred.sip.transport.NextHop;
import io.telcred.sip.transport.SipTransports;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The client transactions in progress, by branch: each answer from downstream finds its own
 * (RFC 3261 §17.1.3), and the answers to its CANCEL and ACK are absorbed here.
 */
public final class ClientTransactions {

    private final Map<String, ClientTransaction> byBranch = new ConcurrentHashMap<>();
    private final SipTransports transports;
    private final Addressing addressing;
    private final Timer timer;
    private final SipTimers timers;

    public ClientTransactions(SipTransports transports, Addressing addressing, Timer timer, SipTimers timers) {
        this.transports = transports;
        this.addressing = addressing;
        this.timer = timer;
        this.timers = timers;
    }

    /**
     * A transaction for {@code request} to {@code hop}, not yet sent ({@link ClientTransaction#start}):
     * telcred's Via with a new branch goes on top of the request, which is the transaction's from now on.
     */
    public ClientTransaction create(SipRequest request, NextHop hop, ClientTransaction.Listener listener) {
        // 64 random bits in hex, as To tags: letters alone could spell a header name (see Responses).
        String branch = TransactionKey.MAGIC_COOKIE + RandomStrings.hexLower(16);
        request.headers().addFirst("Via", addressing.via(hop.transport(), branch));
        ClientTransaction transaction = new ClientTransaction(branch, request, hop, listener, this);
        byBranch.put(branch, transaction);
        return transaction;
    }

    /**
     * Gives a response from downstream to its transaction; false when no transaction of ours has
     * its branch, so that it may be a stateless proxy's to pass on.
     */
    public boolean received(SipResponse response) {
        Via top = response.topVia();
        ClientTransaction transaction = top == null || top.branch() == null ? null : byBranch.get(top.branch());
        if (transaction == null) {
            return false;
        }
        if (response.cseq() != null && response.cseq().method().equals(transaction.request().method())) {
            transaction.received(response);
        }
        // else the answer to our CANCEL or ACK: nothing waits for it
        return true;
    }

    /** Transactions in memory, in progress or lingering. */
    public int size() {
        return byBranch.size();
    }

    SipTimers timers() {
        return timers;
    }

    boolean send(SipRequest request, NextHop hop) {
        return transports.send(request, hop);
    }

    io.netty.util.Timeout schedule(Runnable task, long delayMillis) {
        return timer.newTimeout(t -> task.run(), delayMillis, TimeUnit.MILLISECONDS);
    }

    void forget(ClientTransaction transaction, long afterMillis) {
        if (afterMillis <= 0) {
            byBranch.remove(transaction.branch, transaction);
        } else {
            schedule(() -> byBranch.remove(transaction.branch, transaction), afterMillis);
        }
    }
}
