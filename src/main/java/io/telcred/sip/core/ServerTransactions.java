package io.telcred.sip.core;

import io.netty.util.Timer;
import io.telcred.location.Transport;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.transport.Flow;
import io.telcred.sip.transport.SipTransports;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The server transaction layer (RFC 3261 §17.2): a retransmitted request gets the last response
 * again instead of being processed twice; a final non-2xx answer to an INVITE is retransmitted over
 * UDP until its ACK arrives (Timers G and H); each transaction is forgotten once it can no longer
 * see retransmissions (Timers J and I), so no state leaks.
 */
final class ServerTransactions {

    private final Map<TransactionKey, ServerTransaction> transactions = new ConcurrentHashMap<>();
    private final SipTransports transports;
    private final Timer timer;
    private final SipTimers timers;

    ServerTransactions(SipTransports transports, Timer timer, SipTimers timers) {
        this.transports = transports;
        this.timer = timer;
        this.timers = timers;
    }

    /** The transaction a request belongs to if it is a retransmission, after answering it again. */
    boolean absorbedRetransmission(SipRequest request, Flow flow) {
        ServerTransaction existing = transactions.get(TransactionKey.of(request));
        if (existing == null) {
            return false;
        }
        if (request.method().equals("ACK")) {
            // ACK of a non-2xx final answer: the transaction is confirmed (Timer I, zero here).
            cancelRetransmission(existing);
            return true;
        }
        SipResponse last = existing.lastResponse();
        if (last != null) {
            transports.send(last, flow);
        }
        return true;
    }

    ServerTransaction begin(SipRequest request, Flow flow) {
        ServerTransaction transaction = new ServerTransaction(TransactionKey.of(request), request, flow);
        transactions.put(transaction.key, transaction);
        return transaction;
    }

    ServerTransaction find(TransactionKey key) {
        return transactions.get(key);
    }

    /** Sends a response in the transaction; a final one starts the transaction's end. */
    void respond(ServerTransaction transaction, SipResponse response) {
        if (transaction.completed()) {
            return;
        }
        transaction.lastResponse(response);
        transports.send(response, transaction.flow);
        if (response.status() < 200) {
            return;
        }
        boolean udp = transaction.flow.transport() == Transport.UDP;
        if (transaction.invite() && response.status() >= 300 && udp) {
            retransmit(transaction, response, timers.t1Millis(), 0);
        }
        if (transaction.invite() && response.status() < 300) {
            // 2xx retransmission is the answering user agent's job (RFC 3261 §13.3.1.4).
            transactions.remove(transaction.key, transaction);
            return;
        }
        timer.newTimeout(t -> forget(transaction), udp ? timers.lingerMillis() : timers.streamLingerMillis(), TimeUnit.MILLISECONDS);
    }

    int size() {
        return transactions.size();
    }

    private void retransmit(ServerTransaction transaction, SipResponse response, long interval, long elapsed) {
        transaction.retransmission = timer.newTimeout(t -> {
            if (elapsed + interval >= timers.lingerMillis() || transactions.get(transaction.key) != transaction) {
                return;
            }
            transports.send(response, transaction.flow);
            retransmit(transaction, response, Math.min(interval * 2, timers.t2Millis()), elapsed + interval);
        }, interval, TimeUnit.MILLISECONDS);
    }

    private static void cancelRetransmission(ServerTransaction transaction) {
        if (transaction.retransmission != null) {
            transaction.retransmission.cancel();
        }
    }

    private void forget(ServerTransaction transaction) {
        cancelRetransmission(transaction);
        transactions.remove(transaction.key, transaction);
    }
}
