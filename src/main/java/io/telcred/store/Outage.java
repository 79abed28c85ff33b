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

    /** The call that had {@code turn} ended: the database answered ({@code reached}) or could not be reached. */
    void ended(Turn turn, boolean reached) {
        down.set(!reached);
        if (turn == Turn.PROBE) {
            probing.set(false);
        }
    }

    boolean down() {
        return down.get();
    }
}
