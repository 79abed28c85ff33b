package io.telcred.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HashesTest {

    @Test
    void knownDigests() {
        // RFC 1321 and FIPS 180-2 test vectors
        assertThat(Hashes.md5Hex("")).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(Hashes.md5Hex("abc")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(Hashes.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Hashes.hex("MD5", "abc")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(Hashes.hex("SHA-1", "abc")).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    @Test
    void theThreadsDigestStartsAfreshEveryTime() {
        assertThat(Hashes.md5Hex("abc")).isEqualTo(Hashes.md5Hex("abc"));
        assertThat(Hashes.sha256Hex("abc")).isEqualTo(Hashes.sha256Hex("abc"));
    }

    @Test
    void textIsHashedAsUtf8() {
        assertThat(Hashes.md5Hex("\u00e9")).isEqualTo("66ddcd97cfdeabb2f6fb8a999b4bc76f");
    }

    @Test
    void unknownAlgorithmIsAnIllegalState() {
        assertThatThrownBy(() -> Hashes.hex("MD7", "abc")).isInstanceOf(IllegalStateException.class);
    }
}
