package io.telcred.sip.transaction;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The finally answered server transactions other than INVITEs, kept for {@code lingerNanos} only to
 * answer retransmissions of their request again (RFC 3261 §17.2.2, Timer J: 64·T1 over UDP). At
 * thousands of registrations a second that is hundreds of thousands of answers at any time; kept as
 * objects, every young collection copied them, and its pauses overflowed the UDP socket. Here an
 * answer is a record in large shared blocks, found through an open-addressing index of plain
 * arrays: no object per answer at all.
 *
 * <p>Records go into the newest {@link Generation}; each covers a quarter of the linger, and the
 * oldest is dropped whole once its last record has expired, so at most 1.25 lingers of answers are
 * held (at 10,000 registrations a second about 240 MB; two whole lingers were too much for a 1 GB
 * heap). A record also carries when it was answered, so an answer is never returned after its
 * linger, whatever the generations.
 * Thread-safe: one lock, held for a copy or a lookup; a block is never written again where it was
 * written once, so the bytes returned are read without it.
 */
final class AnsweredLog {

    /** Size of one block of records. */
    static final int BLOCK_BYTES = blockBytes();
    /** A response larger than this is not kept (a retransmission is then answered anew). */
    static final int MAX_RESPONSE_BYTES = BLOCK_BYTES / 4;

    /** Generations per linger: the more, the closer what is held comes to one linger of answers. */
    static final int GENERATIONS_PER_LINGER = 4;

    private final long lingerNanos;
    private final long periodNanos;
    /** Oldest first; the last is the one written. */
    private final ArrayDeque<Generation> generations = new ArrayDeque<>();

    AnsweredLog(long lingerNanos, long now) {
        this.lingerNanos = lingerNanos;
        this.periodNanos = Math.max(1, lingerNanos / GENERATIONS_PER_LINGER);
        generations.add(new Generation(now));
    }

    /** Keeps the response to the transaction of {@code key}, answered at {@code now} (System.nanoTime). */
    synchronized void put(TransactionKey key, byte[] wire, long now) {
        rotate(now);
        byte[] keyBytes = key.value().getBytes(StandardCharsets.UTF_8);
        if (wire.length <= MAX_RESPONSE_BYTES && keyBytes.length <= Short.MAX_VALUE) {
            generations.getLast().put(keyBytes, wire, now);
        }
    }

    /** The response to send again for {@code key}, or null when none is kept (the caller owns the buffer). */
    synchronized ByteBuf find(TransactionKey key, long now) {
        rotate(now);
        byte[] keyBytes = key.value().getBytes(StandardCharsets.UTF_8);
        int hash = Generation.hash(keyBytes);
        Iterator<Generation> newestFirst = generations.descendingIterator();
        while (newestFirst.hasNext()) {
            ByteBuf found = newestFirst.next().find(keyBytes, hash, now - lingerNanos);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Drops what has expired even when no request comes to do it: an idle node keeps no old answers. */
    synchronized void forgetExpired(long now) {
        rotate(now);
    }

    /** Blocks of records held now, as they are: nothing is dropped to count them. */
    synchronized int blocksHeld() {
        int blocks = 0;
        for (Generation generation : generations) {
            blocks += generation.blockCount;
        }
        return blocks;
    }

    /** Answers kept, expired ones included until their generation is dropped. */
    synchronized int size(long now) {
        rotate(now);
        int count = 0;
        for (Generation generation : generations) {
            count += generation.count;
        }
        return count;
    }

    /** Drops the generations whose every answer has expired, and starts a new one every period. */
    private void rotate(long now) {
        while (!generations.isEmpty() && generations.getFirst().count > 0
                && now - generations.getFirst().newest > lingerNanos) {
            generations.removeFirst();
        }
        if (generations.isEmpty() || (generations.getLast().count > 0 && now - generations.getLast().started > periodNanos)) {
            generations.add(new Generation(now));
        }
        Generation newest = generations.getLast();
        if (newest.count == 0) {
            newest.started = now;
        }
    }

    /**
     * Records of one period in blocks: key length (2 bytes), key, answered-at (8), response length
     * (4), response. The index holds each record's key hash and position (block number and offset).
     */
    private static final class Generation {

        private static final int HEADER_BYTES = 2 + 8 + 4;

        long started;
        long newest;
        int count;
        private byte[][] blocks = new byte[1][];
        private int blockCount;
        private int used;
        private int[] hashes = new int[1024];
        private long[] positions = new long[1024];

        Generation(long started) {
            this.started = started;
            this.newest = started;
        }

        void put(byte[] key, byte[] wire, long now) {
            int length = HEADER_BYTES + key.length + wire.length;
            if (blockCount == 0 || used + length > BLOCK_BYTES) {
                if (blockCount == blocks.length) {
                    blocks = Arrays.copyOf(blocks, blockCount * 2);
                }
                blocks[blockCount++] = new byte[BLOCK_BYTES];
                used = 0;
            }
            byte[] block = blocks[blockCount - 1];
            int at = used;
            putShort(block, at, key.length);
            System.arraycopy(key, 0, block, at + 2, key.length);
            putLong(block, at + 2 + key.length, now);
            putInt(block, at + 10 + key.length, wire.length);
            System.arraycopy(wire, 0, block, at + HEADER_BYTES + key.length, wire.length);
            used += length;
            if ((count + 1) * 2 > hashes.length) {
                grow();
            }
            insert(hash(key), ((long) (blockCount - 1) << 32) | at);
            count++;
            newest = now;
        }

        /** The response of {@code key} (of {@link #hash}) when it was answered after {@code answeredAfter}, else null. */
        ByteBuf find(byte[] key, int hash, long answeredAfter) {
            int mask = hashes.length - 1;
            for (int i = hash & mask; hashes[i] != 0; i = (i + 1) & mask) {
                if (hashes[i] != hash) {
                    continue;
                }
                byte[] block = blocks[(int) (positions[i] >>> 32)];
                int at = (int) positions[i];
                if (getShort(block, at) == key.length
                        && Arrays.equals(block, at + 2, at + 2 + key.length, key, 0, key.length)) {
                    long answeredAt = getLong(block, at + 2 + key.length);
                    int length = getInt(block, at + 10 + key.length);
                    return answeredAt - answeredAfter > 0
                            ? Unpooled.wrappedBuffer(block, at + HEADER_BYTES + key.length, length) : null;
                }
            }
            return null;
        }

        private void grow() {
            int[] oldHashes = hashes;
            long[] oldPositions = positions;
            hashes = new int[oldHashes.length * 2];
            positions = new long[oldPositions.length * 2];
            for (int i = 0; i < oldHashes.length; i++) {
                if (oldHashes[i] != 0) {
                    insert(oldHashes[i], oldPositions[i]);
                }
            }
        }

        /** A slot is free while its hash is 0, which no key hashes to. */
        private void insert(int hash, long position) {
            int mask = hashes.length - 1;
            int i = hash & mask;
            while (hashes[i] != 0) {
                i = (i + 1) & mask;
            }
            hashes[i] = hash;
            positions[i] = position;
        }

        /** Never 0: 0 marks a free slot. */
        static int hash(byte[] key) {
            int h = Arrays.hashCode(key);
            h ^= h >>> 16;
            h *= 0x45d9f3b;
            h ^= h >>> 16;
            return h == 0 ? 1 : h;
        }
    }

    private static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static int getShort(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static void putInt(byte[] b, int at, int v) {
        putShort(b, at, v >>> 16);
        putShort(b, at + 2, v);
    }

    private static int getInt(byte[] b, int at) {
        return (getShort(b, at) << 16) | getShort(b, at + 2);
    }

    private static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    private static long getLong(byte[] b, int at) {
        return ((long) getInt(b, at) << 32) | (getInt(b, at + 4) & 0xffffffffL);
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
