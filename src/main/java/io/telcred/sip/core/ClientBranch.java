package io.telcred.sip.core;

import io.netty.util.Timeout;
import io.telcred.location.Binding;
import io.telcred.sip.message.SipRequest;

/** One leg of a forked request: the copy sent to one binding, and what came back. */
final class ClientBranch {

    final String branch;
    final SipRequest request;
    final Binding target;
    final ForkedRequest parent;
    /** 0 before any answer, then the highest status seen. */
    volatile int status;
    volatile boolean cancelWhenRinging;
    volatile Timeout timer;

    ClientBranch(String branch, SipRequest request, Binding target, ForkedRequest parent) {
        this.branch = branch;
        this.request = request;
        this.target = target;
        this.parent = parent;
    }

    boolean finished() {
        return status >= 200;
    }

    void stopTimer() {
        Timeout t = timer;
        if (t != null) {
            t.cancel();
        }
    }
}
