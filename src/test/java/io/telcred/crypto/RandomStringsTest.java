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
