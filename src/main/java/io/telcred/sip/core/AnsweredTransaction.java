package io.telcred.sip.core;

/**
 * A finally answered transaction other than an INVITE, lingering only to answer retransmissions
 * (RFC 3261 §17.2.2, Timer J). It keeps the response as sent and nothing else: at thousands of
 * registrations a second, the parsed request and response would be most of the heap.
 */
record AnsweredTransaction(TransactionKey key, byte[] lastWire, long forgetAt) implements TransactionEntry {

    @Override
    public void forgotten() {
        // nothing scheduled
    }
}
