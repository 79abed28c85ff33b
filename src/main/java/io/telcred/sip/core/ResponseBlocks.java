package io.telcred.sip.core;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Where answered transactions keep the response they may have to send again: appended to large
 * shared blocks instead of an array each. Thousands of registrations a second each leave a response
 * for 64·T1 (32 s); as small arrays they were most of what every young collection had to copy, and
 * its pauses overflowed the UDP socket. A block is one object, and it is dropped with the last
 * response in it, since responses leave in the order they came (the linger queues are FIFO).
 *
 * <p>Appends are synchronized; a block is never written again where it was written once, so a
 * response read from it later (a retransmission) needs no lock.
 */
final class ResponseBlocks {

    /** Size of one block; a response larger than a quarter of it gets an array of its own. */
    static final int BLOCK_BYTES = blockBytes();

    private byte[] block = new byte[BLOCK_BYTES];
    private int used;

    /** The answered transaction, its response copied into the current block. */
    synchronized AnsweredTransaction keep(TransactionKey key, byte[] wire, long forgetAt) {
        if (wire.length > BLOCK_BYTES / 4) {
            return new AnsweredTransaction(key, wire, 0, wire.length, forgetAt);
        }
        if (used + wire.length > BLOCK_BYTES) {
            block = new byte[BLOCK_BYTES];
            used = 0;
        }
        System.arraycopy(wire, 0, block, used, wire.length);
        AnsweredTransaction answered = new AnsweredTransaction(key, block, used, wire.length, forgetAt);
        used += wire.length;
        return answered;
    }

    /**
     * One G1 region less the array header: a block is then a humongous object that fills exactly one
     * region, never copied by a young collection; a byte more would take two regions. 1 MB when the
     * region size cannot be read (another collector).
     */
    private static int blockBytes() {
        long region = 1 << 20;
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            region = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
        } catch (RuntimeException notG1) {
            // keep 1 MB
        }
        return (int) Math.min(Math.max(region, 1 << 20), 32 << 20) - 64;
    }
}
