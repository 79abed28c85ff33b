package io.telcred.call;

/**
 * Where a call is. TRYING until a callee device rings, EARLY once a callee sends media before
 * answering, ACTIVE once answered, HELD while either side holds, ENDED with a cause.
 */
public enum CallState {
    TRYING, RINGING, EARLY, ACTIVE, HELD, ENDED;

    boolean answered() {
        return this == ACTIVE || this == HELD;
    }
}
