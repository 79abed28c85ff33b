package io.telcred.sip.transaction;

import io.netty.util.Timeout;
import io.telcred.sip.message.SipHeaders;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.transport.NextHop;

/**
 * A client transaction (RFC 3261 §17.1): one request to one next hop, retransmitted over UDP
 * (Timers A and E) until an answer, given up after 64·T1 with a 408 made here (Timers B and F), a
 * non-2xx final answer to an INVITE acknowledged hop by hop, and a CANCEL sent when asked, though
 * never before a provisional answer (§9.1). Its owner hears each answer through a {@link Listener}:
 * the proxy's fork today, a back-to-back user agent's leg tomorrow.
 *
 * <p>Once final, it stays a while to absorb what comes late: a 2xx to an INVITE keeps coming from
 * the callee until the caller's ACK (RFC 6026's Accepted state), and is passed on each time; a
 * retransmitted failure is acknowledged again.
 */
public final class ClientTransaction {

    /** What the owner of a client transaction hears. Called on a transport or timer thread. */
    public interface Listener {

        /** A provisional answer (1xx), as received. */
        void provisional(ClientTransaction transaction, SipResponse response);

        /**
         * The final answer, once: as received, or made here for a timeout (408) or a next hop that
         * cannot be reached (480). It carries the transaction's own Via on top, as the others do.
         */
        void completed(ClientTransaction transaction, SipResponse response);

        /** A further 2xx to the INVITE: a retransmission or another fork's answer, for the caller to acknowledge. */
        void anotherSuccess(ClientTransaction transaction, SipResponse response);
    }

    final String branch;
    private final SipRequest request;
    private final NextHop hop;
    private final Listener listener;
    private final ClientTransactions owner;
    private final boolean invite;
    /** 0 before any answer, then the highest status seen. */
    private int status;
    private boolean cancelRequested;
    private boolean cancelSent;
    private Timeout timer;

    ClientTransaction(String branch, SipRequest request, NextHop hop, Listener listener, ClientTransactions owner) {
        this.branch = branch;
        this.request = request;
        this.hop = hop;
        this.listener = listener;
        this.owner = owner;
        this.invite = request.method().equals("INVITE");
    }

    /** The request as sent, with this transaction's Via on top. */
    public SipRequest request() {
        return request;
    }

    public NextHop hop() {
        return hop;
    }

    public synchronized boolean completed() {
        return status >= 200;
    }

    /** Sends the request and starts the timers; a hop that cannot be reached completes it with 480 at once. */
    public void start() {
        if (!owner.send(request, hop)) {
            complete(Responses.answer(request, 480, "Temporarily Unavailable"));
            return;
        }
        synchronized (this) {
            if (hop.udp()) {
                retransmit(owner.timers().t1Millis(), 0);
            } else {
                timer = owner.schedule(this::timedOut, owner.timers().lingerMillis());
            }
        }
    }

    /**
     * Cancels an INVITE that has no final answer (RFC 3261 §9.1): at once after a provisional
     * answer, else when the first one comes. If the callee never answers the CANCEL with 487,
     * Timer B ends the transaction with 408. Anything else, or a second call, changes nothing.
     */
    public void cancel() {
        synchronized (this) {
            if (!invite || status >= 200 || cancelSent) {
                return;
            }
            if (status == 0) {
                cancelRequested = true;
                return;
            }
            cancelSent = true;
        }
        sendCancel();
    }

    /** An answer for this transaction's branch and method. */
    void received(SipResponse response) {
        int answered = response.status();
        boolean cancelNow = false;
        synchronized (this) {
            if (status >= 200) {
                lateAnswer(response);
                return;
            }
            if (answered < 200) {
                status = Math.max(status, answered);
                if (invite) {
                    // Calling → Proceeding: no more retransmissions; the proxy's Timer C takes over.
                    stopTimer();
                    cancelNow = cancelRequested && !cancelSent;
                    cancelSent |= cancelNow;
                }
            }
        }
        if (answered < 200) {
            if (cancelNow) {
                sendCancel();
            }
            listener.provisional(this, response);
            return;
        }
        if (invite && answered >= 300) {
            owner.send(hopByHop("ACK", response.headers().first("To")), hop);
        }
        complete(response);
    }

    /** A final answer after the final answer: passed on (2xx to an INVITE) or acknowledged again. */
    private void lateAnswer(SipResponse response) {
        if (!invite || response.status() < 200) {
            return;
        }
        if (response.status() < 300) {
            listener.anotherSuccess(this, response);
        } else {
            owner.send(hopByHop("ACK", response.headers().first("To")), hop);
        }
    }

    private void complete(SipResponse response) {
        synchronized (this) {
            if (status >= 200) {
                return;
            }
            status = response.status();
            stopTimer();
        }
        // Kept while answers may still come late: a 2xx to an INVITE from any transport, retransmissions over UDP.
        boolean lingers = (invite && response.status() < 300) || hop.udp();
        owner.forget(this, lingers ? owner.timers().lingerMillis() : 0);
        listener.completed(this, response);
    }

    private void timedOut() {
        complete(Responses.answer(request, 408, "Request Timeout"));
    }

    /** Timers A and E: resend over UDP, doubling the interval (E: up to T2), until an answer or Timer B / F. */
    private void retransmit(long interval, long elapsed) {
        timer = owner.schedule(() -> {
            synchronized (this) {
                if (status >= 200 || (invite && status > 0)) {
                    return;
                }
            }
            if (elapsed + interval >= owner.timers().lingerMillis()) {
                timedOut();
                return;
            }
            owner.send(request, hop);
            long next = invite ? interval * 2 : Math.min(interval * 2, owner.timers().t2Millis());
            synchronized (this) {
                retransmit(next, elapsed + interval);
            }
        }, interval);
    }

    private void sendCancel() {
        owner.send(hopByHop("CANCEL", request.headers().first("To")), hop);
        synchronized (this) {
            stopTimer();
            timer = owner.schedule(this::timedOut, owner.timers().lingerMillis());
        }
    }

    /**
     * A CANCEL or an ACK of a non-2xx answer (RFC 3261 §9.1, §17.1.1.3): the request's Via (same
     * branch), Route set, From, Call-ID and CSeq number, with the To given.
     */
    private SipRequest hopByHop(String method, String to) {
        SipRequest hopRequest = new SipRequest(method, request.requestUri(), new SipHeaders(), new byte[0]);
        hopRequest.headers().add("Via", request.headers().first("Via"));
        for (String route : request.headers().all("Route")) {
            hopRequest.headers().add("Route", route);
        }
        hopRequest.headers().add("Max-Forwards", "70");
        hopRequest.headers().add("From", request.headers().first("From"));
        hopRequest.headers().add("To", to);
        hopRequest.headers().add("Call-ID", request.callId());
        hopRequest.headers().add("CSeq", request.cseq().number() + " " + method);
        return hopRequest;
    }

    private void stopTimer() {
        Timeout pending = timer;
        if (pending != null) {
            pending.cancel();
        }
    }
}
