package io.telcred.sip.message;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Searches of a byte array that read eight bytes at a time: every byte of every message passes
 * through the parser's search for its line ends, so this is the parser's innermost loop. A word
 * holds the byte sought where {@code word ^ (byte * 0x01..01)} has a zero byte; the classic test
 * for a zero byte may also flag bytes above a true zero, never below, so the lowest flag is exact.
 */
final class ByteScan {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final long CRS = ONES * '\r';
    private static final long LFS = ONES * '\n';

    private ByteScan() {
    }

    /** The index of the first CR or LF in {@code data[from, to)}, or {@code to} when there is none. */
    static int indexOfLineBreak(byte[] data, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(data, i);
            long found = zeroBytes(word ^ CRS) | zeroBytes(word ^ LFS);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (data[i] == '\r' || data[i] == '\n') {
                return i;
            }
        }
        return to;
    }

    /** The high bit of each byte of {@code word} that is zero (and perhaps of bytes above one that is). */
    private static long zeroBytes(long word) {
        return (word - ONES) & ~word & HIGHS;
    }
}
