package io.telcred.auth;

import java.util.function.LongPredicate;

/**
 * One generation of the replay table: an open-addressing hash table (linear probing) of count
 * windows, three longs per slot in one array so that a lookup touches one place in memory. Keys
 * are uniformly distributed and never 0, which marks an empty slot. Entries are never removed one
 * by one: a whole generation is dropped at once. Not thread-safe; {@link NonceCountStripe} guards it.
 */
final class NonceCountTable {

    /** Most entries one table holds: its slots must fit one Java array. */
    static final int MAX_ENTRIES = 1 << 28;

    /** Longs per slot: the key, the bitmap of used counts, and the expiry packed with the highest count. */
    private static final int STRIDE = 3;
    private static final int USED = 1;
    private static final int META = 2;
    private static final int MIN_CAPACITY = 16;

    private long[] slots;
    private int mask;
    private int size;

    /** A table that holds {@code expectedEntries} without growing. */
    NonceCountTable(int expectedEntries) {
        allocate(capacityFor(expectedEntries));
    }

    int size() {
        return size;
    }

    /** The slot that holds the key, or -1. */
    int find(long key) {
        for (int i = index(key); ; i = (i + 1) & mask) {
            long found = slots[i * STRIDE];
            if (found == key) {
                return i;
            }
            if (found == 0) {
                return -1;
            }
        }
    }

    /** Adds a key that is not in the table. */
    void add(long key, long used, long meta) {
        if (size + 1 > maxSize(mask + 1)) {
            grow();
        }
        put(key, used, meta);
        size++;
    }

    long used(int slot) {
        return slots[slot * STRIDE + USED];
    }

    long meta(int slot) {
        return slots[slot * STRIDE + META];
    }

    void set(int slot, long used, long meta) {
        slots[slot * STRIDE + USED] = used;
        slots[slot * STRIDE + META] = meta;
    }

    /** How many entries have a meta that {@code live} accepts. */
    int count(LongPredicate live) {
        int counted = 0;
        for (int i = 0; i < slots.length; i += STRIDE) {
            if (slots[i] != 0 && live.test(slots[i + META])) {
                counted++;
            }
        }
        return counted;
    }

    /** Heap taken by the slots. */
    long bytes() {
        return (long) slots.length * Long.BYTES;
    }

    private void grow() {
        long[] old = slots;
        allocate((mask + 1) * 2);
        for (int i = 0; i < old.length; i += STRIDE) {
            if (old[i] != 0) {
                put(old[i], old[i + USED], old[i + META]);
            }
        }
    }

    private void put(long key, long used, long meta) {
        int i = index(key);
        while (slots[i * STRIDE] != 0) {
            i = (i + 1) & mask;
        }
        slots[i * STRIDE] = key;
        slots[i * STRIDE + USED] = used;
        slots[i * STRIDE + META] = meta;
    }

    private void allocate(int capacity) {
        slots = new long[capacity * STRIDE];
        mask = capacity - 1;
    }

    private int index(long key) {
        return (int) key & mask;
    }

    /** At most three quarters full, so that probes stay short. */
    private static int maxSize(int capacity) {
        return capacity / 4 * 3;
    }

    private static int capacityFor(int entries) {
        int capacity = MIN_CAPACITY;
        while (maxSize(capacity) < entries) {
            capacity *= 2;
        }
        return capacity;
    }
}
