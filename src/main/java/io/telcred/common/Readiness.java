package io.telcred.common;

/** One part a server cannot serve requests without (the database, a door's listeners), and whether it can serve them now. */
@FunctionalInterface
public interface Readiness {

    /** The state of a part that can serve. */
    String OK = "ok";

    /** {@link #OK}, or a short reason safe to show anyone ({@code unreachable}, {@code draining}). */
    String state();
}
