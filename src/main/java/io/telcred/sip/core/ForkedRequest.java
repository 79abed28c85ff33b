package io.telcred.sip.core;

import io.telcred.sip.message.SipResponse;
import java.util.List;

/** A request from a caller forked to every binding of the callee, until one final answer goes back. */
final class ForkedRequest {

    final ServerTransaction upstream;
    volatile List<ClientBranch> branches = List.of();
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
        for (ClientBranch b : branches) {
            if (!b.finished()) {
                return false;
            }
        }
        return true;
    }

    private static int rank(int status) {
        if (status >= 600) {
            return status - 600;
        }
        // 408 from a timer is the least informative answer.
        return status == 408 ? 10_000 : status;
    }
}
