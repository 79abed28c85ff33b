package io.telcred.sip.core;

import io.netty.buffer.ByteBuf;

/** What the transaction layer remembers under a {@link TransactionKey}. */
sealed interface TransactionEntry permits ServerTransaction, AnsweredTransaction {

    TransactionKey key();

    /** The last response as sent, for sending again (the caller owns the buffer), or null before the first. */
    ByteBuf lastWire();

    /** When the entry is forgotten, in {@link System#nanoTime()}; meaningful once it lingers. */
    long forgetAt();

    /** Called once when it is removed: stops whatever it still had scheduled. */
    void forgotten();
}
