package io.telcred.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base64UrlTest {

    private final Random random = new Random(7);

    @Test
    void encodesAsTheJdkDoesForEveryLength() {
        for (int length = 0; length <= 40; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            assertThat(Base64Url.length(length)).isEqualTo(expected.length());
            assertThat(Base64Url.encode(bytes, new byte[expected.length()])).isEqualTo(expected);
        }
    }

    @Test
    void decodesWhatItEncodes() {
        for (int length = 1; length <= 40; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            byte[] decoded = new byte[length];
            assertThat(Base64Url.decode(Base64Url.encode(bytes, new byte[Base64Url.length(length)]), decoded)).isTrue();
            assertThat(decoded).isEqualTo(bytes);
        }
    }

    @Test
    void refusesUnusedBitsThatAreNotZero() {
        // 32 bytes leave the last character's 2 low bits unused: "A" to "D" all decode alike in the JDK.
        String text = Base64Url.encode(new byte[32], new byte[43]);
        assertThat(text).endsWith("A");
        for (String last : new String[] {"B", "C", "D"}) {
            String respelled = text.substring(0, 42) + last;
            assertThat(Base64.getUrlDecoder().decode(respelled)).isEqualTo(new byte[32]);
            assertThat(Base64Url.decode(respelled, new byte[32])).as(last).isFalse();
        }
    }

    @Test
    void refusesOtherLengthsAndCharactersOutsideTheUrlAlphabet() {
        String text = Base64Url.encode(new byte[32], new byte[43]);
        assertThat(Base64Url.decode(text + "A", new byte[32])).isFalse();
        assertThat(Base64Url.decode(text.substring(1), new byte[32])).isFalse();
        for (char c : new char[] {'+', '/', '=', ' ', '.', '\u0000', '\u00c0', '\u0141', '\uff21'}) {
            assertThat(Base64Url.decode(c + text.substring(1), new byte[32])).as("%04x", (int) c).isFalse();
        }
    }

    @Test
    void bitsAreThoseOfTheCharactersRead() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String text = Base64Url.encode(bytes, new byte[43]);
        // Characters 22 to 32 hold token bits 132 to 197; the low 64 of their 66 bits are 134 to 197.
        long expected = 0;
        for (int bit = 134; bit < 198; bit++) {
            expected = (expected << 1) | ((bytes[bit / 8] >> (7 - bit % 8)) & 1);
        }
        assertThat(Base64Url.bits(text, 22, 11)).isEqualTo(expected);
        assertThat(Base64Url.bits(text.substring(0, 30) + "!" + text.substring(31), 22, 11)).isZero();
    }
}
