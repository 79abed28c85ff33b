package io.telcred.sip.proxy;

import io.netty.util.Timeout;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.transaction.ClientTransaction;
import io.telcred.sip.transaction.ServerTransaction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A request from a caller forked to every binding of the callee, until one final answer goes back. */
final class ForkedRequest {

    final ServerTransaction upstream;
    volatile List<ClientTransaction> branches = List.of();
    /** Timer C of each INVITE branch that is ringing. */
    final Map<ClientTransaction, Timeout> ringing = new ConcurrentHashMap<>();
    private SipResponse best;
    private boolean answered;
    volatile boolean cancelled;

    ForkedRequest(ServerTransaction upstream) {
        this.upstream = upstream;
    }

    boolean invite() {
        return upstream.invite();
    }

    /** Claims the right to send the final answer upstream; true once only. */
    synchronized boolean claimAnswer() {
        if (answered) {
            return false;
        }
        answered = true;
        return true;
    }

    synchronized boolean answered() {
        return answered;
    }

    /** Keeps the answer RFC 3261 §16.7 says to send when no branch succeeds: 6xx over all, else the lowest class. */
    synchronized void offer(SipResponse response) {
        if (best == null || rank(response.status()) < rank(best.status())) {
            best = response;
        }
    }

    synchronized SipResponse best() {
        return best;
    }

    boolean allFinished() {
        for (ClientTransaction branch : branches) {
            if (!branch.completed()) {
                return false;
            }
        }
        return true;
    }

    void stopRinging(ClientTransaction branch) {
        Timeout timer = ringing.remove(branch);
        if (timer != null) {
            timer.cancel();
        }
    }

    private static int rank(int status) {
        if (status >= 600) {
            return status - 600;
        }
        // 408 from a timer is the least informative answer.
        return status == 408 ? 10_000 : status;
    }
}
