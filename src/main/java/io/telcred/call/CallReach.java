package io.telcred.call;

import java.util.List;

/**
 * A door's way of reaching a login name: the RTC door rings its sessions, the SIP door its
 * registered phones. The call asks every door and rings whatever they return.
 */
public interface CallReach {

    /** New callee legs, one per device of {@code callee} this door can ring now; empty when none. */
    List<LegSignals> legsFor(Party callee, Call call);

    /** Whether this door could ring a device of {@code callee} now. */
    boolean reaches(Party callee);
}
