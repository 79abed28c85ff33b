package io.telcred.sip.transaction;

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
 * <p>Transactions in progress are objects in a map. Once finally answered, one that is not an
 * INVITE is only its response, in an {@link AnsweredLog} per linger time (UDP, streams), which
 * forgets it in bulk. An answered INVITE stays an object until its linger ends, in a queue per
 * linger time that one sweep every {@link #SWEEP_MILLIS} forgets from the head: entries leave in
 * the order they came.
 */
public final class ServerTransactions {

    /** How often lingering INVITE transactions are looked at; one may outlive its linger by this much. */
    static final long SWEEP_MILLIS = 100;

    private final Map<TransactionKey, ServerTransaction> transactions = new ConcurrentHashMap<>();
    private final Queue<ServerTransaction> lingeringUdp = new ConcurrentLinkedQueue<>();
    private final Queue<ServerTransaction> lingeringStream = new ConcurrentLinkedQueue<>();
    private final AnsweredLog answeredUdp;
    private final AnsweredLog answeredStream;
    private final SipTransports transports;
    private final Timer timer;
    private final SipTimers timers;

    public ServerTransactions(SipTransports transports, Timer timer, SipTimers timers) {
        this.transports = transports;
        this.timer = timer;
        this.timers = timers;
        long now = System.nanoTime();
        this.answeredUdp = new AnsweredLog(TimeUnit.MILLISECONDS.toNanos(timers.lingerMillis()), now);
        this.answeredStream = new AnsweredLog(TimeUnit.MILLISECONDS.toNanos(timers.streamLingerMillis()), now);
        scheduleSweep();
    }

    /**
     * True when the request, of transaction {@code key}, is a retransmission of a known transaction,
     * after answering it again.
     */
    public boolean absorbedRetransmission(SipRequest request, TransactionKey key, Flow flow) {
        ServerTransaction existing = transactions.get(key);
        if (existing != null) {
            if (request.method().equals("ACK")) {
                // ACK of a non-2xx final answer: the transaction is confirmed (Timer I, zero here).
                existing.stopRetransmission();
            } else if (existing.lastWire() != null) {
                transports.send(Unpooled.wrappedBuffer(existing.lastWire()), flow);
            }
            return true;
        }
        if (request.method().equals("ACK")) {
            return false;
        }
        ByteBuf answered = answered(flow).find(key, System.nanoTime());
        if (answered == null) {
            return false;
        }
        transports.send(answered, flow);
        return true;
    }

    /** A new transaction for the request, under its {@code key} ({@link TransactionKey#of}). */
    public ServerTransaction begin(SipRequest request, TransactionKey key, Flow flow) {
        ServerTransaction transaction = new ServerTransaction(key, request, flow);
        transactions.put(transaction.key, transaction);
        return transaction;
    }

    /** Sends a response in the transaction; a final one starts the transaction's end. */
    public void respond(ServerTransaction transaction, SipResponse response) {
        if (transaction.completed()) {
            return;
        }
        byte[] wire = SipEncoder.encode(response);
        transaction.answered(response, wire);
        transports.send(Unpooled.wrappedBuffer(wire), transaction.flow);
        if (response.status() < 200) {
            return;
        }
        if (!transaction.invite()) {
            // Into the log before out of the map, so that a retransmission always finds one of them.
            answered(transaction.flow).put(transaction.key, wire, System.nanoTime());
            transactions.remove(transaction.key, transaction);
            return;
        }
        if (response.status() < 300) {
            // 2xx retransmission is the answering user agent's job (RFC 3261 §13.3.1.4).
            transactions.remove(transaction.key, transaction);
            return;
        }
        boolean udp = transaction.flow.transport() == Transport.UDP;
        long lingerMillis = udp ? timers.lingerMillis() : timers.streamLingerMillis();
        transaction.forgetAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        if (udp) {
            retransmit(transaction, wire, timers.t1Millis(), 0);
        }
        (udp ? lingeringUdp : lingeringStream).add(transaction);
    }

    /** Server transactions not yet finally answered: the work a graceful stop waits for. */
    public int unanswered() {
        int unanswered = 0;
        for (ServerTransaction transaction : transactions.values()) {
            if (!transaction.completed()) {
                unanswered++;
            }
        }
        return unanswered;
    }

    /** Server transactions in memory: in progress, and answered ones lingering. */
    public int size() {
        long now = System.nanoTime();
        return transactions.size() + answeredUdp.size(now) + answeredStream.size(now);
    }

    private AnsweredLog answered(Flow flow) {
        return flow.transport() == Transport.UDP ? answeredUdp : answeredStream;
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
            answeredUdp.forgetExpired(System.nanoTime());
            answeredStream.forgetExpired(System.nanoTime());
            try {
                scheduleSweep();
            } catch (IllegalStateException stopped) {
                // the server is closing: nothing is left to sweep for
            }
        }, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Forgets the queue's transactions whose time has come; they are at its head. */
    private void sweep(Queue<ServerTransaction> lingering) {
        long now = System.nanoTime();
        ServerTransaction head;
        while ((head = lingering.peek()) != null && now - head.forgetAt >= 0) {
            lingering.poll();
            head.stopRetransmission();
            transactions.remove(head.key, head);
        }
    }
}
