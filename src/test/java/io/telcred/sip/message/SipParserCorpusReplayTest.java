package io.telcred.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fuzz properties of {@link FuzzTarget} without Jazzer: every seed in
 * {@code SipParserFuzzTestInputs/parse/}, then seeded random mutations of them (byte flips,
 * insertions of SIP punctuation, deletions, duplications, splices, truncations). Runs in every
 * build and fails with the seed and iteration that broke a property.
 */
class SipParserCorpusReplayTest {

    private static final int MUTATIONS = 50_000;
    private static final long SEED = 4475L;
    private static final byte[][] INTERESTING = Stream.of(":", ";", ",", "\"", "\\", "<", ">", "\r\n", "\r\n ",
            "\r\n\r\n", " ", "\t", "%", "%0", "=", "@", "[", "]", "SIP/2.0", "sip:", "Content-Length: ", "l:",
            "999999999999", "-1", "0", "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\n", "\u00e9", "\u0000")
            .map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);

    @Test
    void everySeedKeepsTheProperties() throws IOException {
        List<byte[]> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThan(40);
        for (byte[] seed : corpus) {
            FuzzTarget.check(seed);
        }
    }

    @Test
    void randomMutationsOfTheSeedsKeepTheProperties() throws IOException {
        List<byte[]> corpus = corpus();
        Random random = new Random(SEED);
        for (int iteration = 0; iteration < MUTATIONS; iteration++) {
            byte[] input = mutate(corpus, random);
            try {
                FuzzTarget.check(input);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("iteration " + iteration + " (seed " + SEED + ") input: "
                        + new String(input, StandardCharsets.ISO_8859_1), e);
            }
        }
    }

    private static byte[] mutate(List<byte[]> corpus, Random random) {
        byte[] data = corpus.get(random.nextInt(corpus.size()));
        for (int steps = 1 + random.nextInt(6); steps > 0; steps--) {
            int at = data.length == 0 ? 0 : random.nextInt(data.length);
            data = switch (random.nextInt(6)) {
                case 0 -> flip(data, at, random);
                case 1 -> insert(data, at, INTERESTING[random.nextInt(INTERESTING.length)]);
                case 2 -> delete(data, at, 1 + random.nextInt(16));
                case 3 -> insert(data, at, Arrays.copyOfRange(data, at, Math.min(data.length, at + random.nextInt(64))));
                case 4 -> splice(data, at, corpus.get(random.nextInt(corpus.size())), random);
                default -> Arrays.copyOf(data, at);
            };
        }
        return data;
    }

    private static byte[] flip(byte[] data, int at, Random random) {
        if (data.length == 0) {
            return data;
        }
        byte[] copy = data.clone();
        copy[at] = (byte) random.nextInt(256);
        return copy;
    }

    private static byte[] insert(byte[] data, int at, byte[] piece) {
        byte[] out = new byte[data.length + piece.length];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(data, at, out, at + piece.length, data.length - at);
        return out;
    }

    private static byte[] delete(byte[] data, int at, int count) {
        int end = Math.min(data.length, at + count);
        byte[] out = new byte[data.length - (end - at)];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(data, end, out, at, data.length - end);
        return out;
    }

    private static byte[] splice(byte[] data, int at, byte[] other, Random random) {
        int from = other.length == 0 ? 0 : random.nextInt(other.length);
        byte[] out = Arrays.copyOf(data, at + other.length - from);
        System.arraycopy(other, from, out, at, other.length - from);
        return out;
    }

    static List<byte[]> corpus() throws IOException {
        Path directory;
        try {
            directory = Path.of(SipParserCorpusReplayTest.class.getResource("SipParserFuzzTestInputs/parse").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<byte[]> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory).sorted()) {
            for (Path file : (Iterable<Path>) files::iterator) {
                inputs.add(Files.readAllBytes(file));
            }
        }
        return inputs;
    }
}
