package io.telcred.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RandomStringsTest {

    @Test
    void alphanumericUsesEveryLetterAndDigitEvenly() {
        Map<Character, Integer> counts = new HashMap<>();
        int draws = 62 * 2_000;
        String text = RandomStrings.alphanumeric(draws);
        assertThat(text).hasSize(draws).matches("[A-Za-z0-9]+");
        for (char c : text.toCharArray()) {
            counts.merge(c, 1, Integer::sum);
        }
        assertThat(counts).hasSize(62);
        // each expected 2,000 times; a biased mapping (such as modulo) would push some far off
        counts.values().forEach(n -> assertThat(n).isBetween(1_700, 2_300));
    }

    @Test
    void hexHasTheAskedLengthAndCase() {
        assertThat(RandomStrings.hexLower(32)).matches("[0-9a-f]{32}");
        assertThat(RandomStrings.hexUpper(31)).matches("[0-9A-F]{31}");
        assertThat(RandomStrings.hexLower(32)).isNotEqualTo(RandomStrings.hexLower(32));
    }

    @Test
    void longsUseEveryBit() {
        long anyOne = 0;
        long anyZero = 0;
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            long value = RandomStrings.nextLong();
            anyOne |= value;
            anyZero |= ~value;
            seen.add(value);
        }
        assertThat(anyOne).isEqualTo(-1L);
        assertThat(anyZero).isEqualTo(-1L);
        assertThat(seen).hasSize(1_000);
    }

    @Test
    void bytesLongerThanThePoolComeStraightFromTheGenerator() {
        byte[] bytes = RandomStrings.bytes(RandomStrings.POOL_BYTES * 4 + 3);
        int[] counts = new int[256];
        for (byte b : bytes) {
            counts[b & 0xff]++;
        }
        // about 4 each; a zeroed or repeated stretch would show
        assertThat(java.util.Arrays.stream(counts).max().getAsInt()).isLessThan(20);
        assertThat(RandomStrings.bytes(0)).isEmpty();
    }

    @Test
    void eachDrawIsHandedOutInOrderOnceAndErasedFromThePool() {
        RecordingGenerator generator = new RecordingGenerator();
        RandomStrings.ThreadRandom random = new RandomStrings.ThreadRandom(generator);
        byte[] first = new byte[RandomStrings.POOL_BYTES - 10];
        random.fill(first);
        byte[] straddling = new byte[20]; // the last 10 of the first draw, the first 10 of the second
        random.fill(straddling);
        byte next = random.nextByte();

        assertThat(generator.draws).isEqualTo(2);
        for (int i = 0; i < first.length; i++) {
            assertThat(first[i]).isEqualTo(RecordingGenerator.value(0, i));
        }
        for (int i = 0; i < 20; i++) {
            assertThat(straddling[i]).isEqualTo(RecordingGenerator.value(i < 10 ? 0 : 1, i < 10 ? first.length + i : i - 10));
        }
        assertThat(next).isEqualTo(RecordingGenerator.value(1, 10));
        // What was handed out is gone from memory; the rest of the draw is still to come.
        for (int i = 0; i < RandomStrings.POOL_BYTES; i++) {
            assertThat(generator.pool[i]).as("pool byte %d", i).isEqualTo(i <= 10 ? 0 : RecordingGenerator.value(1, i));
        }
    }

    /** Fills draw d, byte i, with a value that tells both apart, and keeps the array it filled last. */
    private static final class RecordingGenerator extends java.security.SecureRandom {

        private int draws;
        private byte[] pool;

        static byte value(int draw, int index) {
            return (byte) (draw * 101 + index * 7 + 1 | 1); // odd, so never the erased 0
        }

        @Override
        public void nextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = value(draws, i);
            }
            draws++;
            pool = bytes;
        }
    }

    @Test
    void uuidsAreVersionFourAndDistinct() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = io.telcred.common.Ids.uuid();
            java.util.UUID parsed = java.util.UUID.fromString(id);
            assertThat(parsed.version()).isEqualTo(4);
            assertThat(parsed.variant()).isEqualTo(2);
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void numericIdsArePositiveAndDistinct() {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            long id = io.telcred.common.Ids.numeric();
            assertThat(id).isPositive();
            seen.add(id);
        }
        assertThat(seen).hasSizeGreaterThan(990);
    }
}
