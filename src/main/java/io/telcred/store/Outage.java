package io.telcred.store;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the database failed to answer last time, shared by every repository of one database.
 * While it is down, one call at a time goes to it as a probe, waiting the pool's timeout; every
 * other call is refused at once. Without this, a queue of requests each waited the whole timeout
 * in turn, and the last of them heard "unavailable" only after seconds. The first probe that gets
 * an answer ends the outage for everyone.
 */
final class Outage {

    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean probing = new AtomicBoolean();

    /** How a call may go to the database now. */
    enum Turn { GO, PROBE, REFUSED }

    Turn turn() {
        if (!down.get()) {
            return Turn.GO;
        }
        return probing.compareAndSet(false, true) ? Turn.PROBE : Turn.REFUSED;
    }

    /**
     * The call that had {@code turn} ended: the database answered ({@code reached}) or could not be
     * reached. Only a probe ends an outage: a call let through before the outage was seen may get
     * its answer after it, and that answer says nothing of the database now; ending the outage on
     * it let every waiting request through to wait out the pool's timeout, seconds in all.
     */
    void ended(Turn turn, boolean reached) {
        if (!reached) {
            down.set(true);
        } else if (turn == Turn.PROBE) {
            down.set(false);
        }
        if (turn == Turn.PROBE) {
            probing.set(false);
        }
    }

    boolean down() {
        return down.get();
    }
}
