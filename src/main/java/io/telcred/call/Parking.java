package io.telcred.call;

/**
 * What becomes of a call to a name that is no login of the caller's account: by default it ends
 * with UNALLOCATED_NUMBER; call control parks it for its application instead when the caller's
 * connection is one.
 */
public interface Parking {

    Parking NONE = (call, destination, offer) -> call.fail(HangupCause.UNALLOCATED_NUMBER);

    /**
     * Parks {@code call} with the caller's {@code offer} ({@link Call#park}) or ends it; must not
     * block (it runs on the thread that routed the call).
     */
    void parkOrRefuse(Call call, String destination, String offer);
}
