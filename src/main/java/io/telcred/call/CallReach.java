package io.telcred.call;

import java.util.List;

/**
 * A door's way of reaching a login name: the RTC door rings its sessions, the SIP door its
 * registered phones. The call asks every door and rings whatever they return.
 */
public interface CallReach {

    /**
     * New callee legs, one per device of {@code callee} this door can ring now; empty when none.
     * {@code headers} go into the call's request where the door's protocol has a place for them.
     * {@code otherNodes} are the other nodes of a cluster that hold a binding of the callee
     * ({@link io.telcred.location.Location#otherNodesOf}, looked up before, never waited for here):
     * a door that passes calls between nodes rings them too.
     */
    List<LegSignals> legsFor(Party callee, Call call, List<CustomHeader> headers, List<String> otherNodes);

    /** Whether this door could ring a device of {@code callee} now (call control asks, off the doors' threads). */
    boolean reaches(Party callee);

    /**
     * Whether this door can ring a device with no offer and take the device's offer from its answer
     * (RFC 3264's delayed offer): a SIP INVITE without SDP can; a Telnyx-RTC invite cannot.
     */
    default boolean offersLate() {
        return false;
    }
}
