package io.telcred.sip.core;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.Timer;
import io.telcred.location.Transport;
import io.telcred.sip.message.SipEncoder;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.transport.Flow;
import io.telcred.sip.transport.SipTransports;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The server transaction layer (RFC 3261 §17.2): a retransmitted request gets the last response
 * again instead of being processed twice; a final non-2xx answer to an INVITE is retransmitted over
 * UDP until its ACK arrives (Timers G and H); each transaction is forgotten once it can no longer
 * see retransmissions (Timers J and I), so no state leaks.
 *
 * <p>Answered transactions wait in two queues, one per linger time (UDP, streams). Within a queue
 * they leave in the order they were answered, so one sweep every {@link #SWEEP_MILLIS} forgets
 * them from the head: no timer per transaction, which at thousands of requests a second cost more
 * than the requests.
 */
final class ServerTransactions {

    /** How often lingering transactions are looked at; a transaction may outlive its linger by this much. */
    static final long SWEEP_MILLIS = 100;

    private final Map<TransactionKey, TransactionEntry> transactions = new ConcurrentHashMap<>();
    private final Queue<TransactionEntry> lingeringUdp = new ConcurrentLinkedQueue<>();
    private final Queue<TransactionEntry> lingeringStream = new ConcurrentLinkedQueue<>();
    private final ResponseBlocks responses = new ResponseBlocks();
    private final SipTransports transports;
    private final Timer timer;
    private final SipTimers timers;

    ServerTransactions(SipTransports transports, Timer timer, SipTimers timers) {
        this.transports = transports;
        this.timer = timer;
        this.timers = timers;
        scheduleSweep();
    }

    /** True when the request is a retransmission of a known transaction, after answering it again. */
    boolean absorbedRetransmission(SipRequest request, Flow flow) {
        TransactionEntry existing = transactions.get(TransactionKey.of(request));
        if (existing == null) {
            return false;
        }
        if (request.method().equals("ACK")) {
            // ACK of a non-2xx final answer: the transaction is confirmed (Timer I, zero here).
            existing.forgotten();
            return true;
        }
        ByteBuf last = existing.lastWire();
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

    /** The transaction in progress under that key, or null. */
    ServerTransaction find(TransactionKey key) {
        return transactions.get(key) instanceof ServerTransaction transaction ? transaction : null;
    }

    /** Sends a response in the transaction; a final one starts the transaction's end. */
    void respond(ServerTransaction transaction, SipResponse response) {
        if (transaction.completed()) {
            return;
        }
        byte[] wire = SipEncoder.encode(response);
        transaction.answered(response, wire);
        transports.send(Unpooled.wrappedBuffer(wire), transaction.flow);
        if (response.status() < 200) {
            return;
        }
        boolean udp = transaction.flow.transport() == Transport.UDP;
        if (transaction.invite() && response.status() < 300) {
            // 2xx retransmission is the answering user agent's job (RFC 3261 §13.3.1.4).
            transactions.remove(transaction.key, transaction);
            return;
        }
        long lingerMillis = udp ? timers.lingerMillis() : timers.streamLingerMillis();
        long forgetAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        TransactionEntry lingering;
        if (transaction.invite()) {
            transaction.forgetAt(forgetAt);
            if (udp) {
                retransmit(transaction, wire, timers.t1Millis(), 0);
            }
            lingering = transaction;
        } else {
            lingering = responses.keep(transaction.key, wire, forgetAt);
            transactions.replace(transaction.key, transaction, lingering);
        }
        (udp ? lingeringUdp : lingeringStream).add(lingering);
    }

    /** Server transactions in memory, lingering ones included. */
    int size() {
        return transactions.size();
    }

    private void retransmit(ServerTransaction transaction, byte[] wire, long interval, long elapsed) {
        transaction.retransmission = timer.newTimeout(t -> {
            if (elapsed + interval >= timers.lingerMillis() || transactions.get(transaction.key) != transaction) {
                return;
            }
            transports.send(Unpooled.wrappedBuffer(wire), transaction.flow);
            retransmit(transaction, wire, Math.min(interval * 2, timers.t2Millis()), elapsed + interval);
        }, interval, TimeUnit.MILLISECONDS);
    }

    private void scheduleSweep() {
        timer.newTimeout(t -> {
            sweep(lingeringUdp);
            sweep(lingeringStream);
            try {
                scheduleSweep();
            } catch (IllegalStateException stopped) {
                // the server is closing: nothing is left to sweep for
            }
        }, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Forgets the queue's entries whose time has come; they are at its head. */
    private void sweep(Queue<TransactionEntry> lingering) {
        long now = System.nanoTime();
        TransactionEntry head;
        while ((head = lingering.peek()) != null && now - head.forgetAt() >= 0) {
            lingering.poll();
            head.forgotten();
            transactions.remove(head.key(), head);
        }
    }
}
