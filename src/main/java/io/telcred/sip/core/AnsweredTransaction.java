package io.telcred.sip.core;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A finally answered transaction other than an INVITE, lingering only to answer retransmissions
 * (RFC 3261 §17.2.2, Timer J). It keeps the response as sent, {@code length} bytes of a shared
 * block (see {@link ResponseBlocks}), and nothing else: at thousands of registrations a second,
 * the parsed request and response would be most of the heap.
 */
record AnsweredTransaction(TransactionKey key, byte[] block, int offset, int length, long forgetAt)
        implements TransactionEntry {

    @Override
    public ByteBuf lastWire() {
        return Unpooled.wrappedBuffer(block, offset, length);
    }

    @Override
    public void forgotten() {
        // nothing scheduled
    }
}
