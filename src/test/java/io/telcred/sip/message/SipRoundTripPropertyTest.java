package io.telcred.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Properties over seeded random messages (see {@link RandomSipMessages}): what was meant is what is
 * read back, however it was spelled, and encoding is a fixed point of parsing. A failure names its
 * seed; {@code new RandomSipMessages(seed).next()} rebuilds the message.
 */
class SipRoundTripPropertyTest {

    private static final int MESSAGES = 3_000;
    private static final long FIRST_SEED = 0x5195_2006L;

    private final SipParser parser = new SipParser(SipLimits.DEFAULT);

    @Test
    void parsingAnyLegalSpellingYieldsTheModel() {
        for (long seed = FIRST_SEED; seed < FIRST_SEED + MESSAGES; seed++) {
            RandomSipMessages.Sample sample = new RandomSipMessages(seed).next();
            SipMessage parsed = parse(sample.wire(), seed);
            assertSameMeaning(parsed, sample.model(), seed);
        }
    }

    @Test
    void encodeThenParseGivesBackTheSameMessage() {
        for (long seed = FIRST_SEED; seed < FIRST_SEED + MESSAGES; seed++) {
            SipMessage model = new RandomSipMessages(seed).next().model();
            SipMessage parsed = parse(SipEncoder.encode(model), seed);
            assertSameMeaning(parsed, model, seed);
        }
    }

    @Test
    void encodingIsStableUnderReparsing() {
        for (long seed = FIRST_SEED; seed < FIRST_SEED + MESSAGES; seed++) {
            SipMessage first = parse(new RandomSipMessages(seed).next().wire(), seed);
            byte[] encoded = SipEncoder.encode(first);
            SipMessage second = parse(encoded, seed);
            assertThat(SipEncoder.encode(second)).as("seed %d", seed).isEqualTo(encoded);
        }
    }

    @Test
    void copiesAreDeep() {
        SipMessage original = new RandomSipMessages(FIRST_SEED).next().model();
        original.body(new byte[] {1, 2, 3});
        SipMessage copy = original.copy();
        copy.headers().add("X-Copy", "only here");
        copy.body()[0] = 9;
        assertThat(original.headers().contains("X-Copy")).isFalse();
        assertThat(original.body()[0]).isEqualTo((byte) 1);
        assertThat(SipEncoder.encode(original.copy())).isEqualTo(SipEncoder.encode(original));
    }

    private SipMessage parse(byte[] wire, long seed) {
        ParseResult result = parser.parse(wire, 0, wire.length);
        assertThat(result).as("seed %d: %s", seed, result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).message();
    }

    private static void assertSameMeaning(SipMessage parsed, SipMessage model, long seed) {
        assertThat(parsed.startLine()).as("seed %d", seed).isEqualTo(model.startLine());
        assertThat(parsed.body()).as("seed %d", seed).isEqualTo(model.body());
        assertThat(valuesWithoutContentLength(parsed)).as("seed %d", seed)
                .isEqualTo(valuesWithoutContentLength(model));
        assertThat(parsed.callId()).as("seed %d", seed).isEqualTo(model.callId());
        assertThat(parsed.cseq()).as("seed %d", seed).isEqualTo(model.cseq());
        assertThat(parsed.vias()).as("seed %d", seed).isEqualTo(model.vias());
        assertThat(parsed.from()).as("seed %d", seed).isEqualTo(model.from());
        assertThat(parsed.to()).as("seed %d", seed).isEqualTo(model.to());
        assertThat(parsed.contacts()).as("seed %d", seed).isEqualTo(model.contacts());
        assertThat(parsed.maxForwards()).as("seed %d", seed).isEqualTo(model.maxForwards());
    }

    /**
     * Every header value in order, list headers split, so one line or several compare equal. Known
     * names must come out canonical; unknown ones keep their spelling, so they compare in lower case.
     */
    private static List<String> valuesWithoutContentLength(SipMessage message) {
        List<String> values = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (SipHeaders.Entry entry : message.headers()) {
            String lower = entry.name().toLowerCase(Locale.ROOT);
            String key = SipHeaders.canonicalName(lower).equals(lower) ? lower : entry.name();
            if (key.equals("Content-Length") || seen.contains(key)) {
                continue;
            }
            seen.add(key);
            for (String value : message.headers().all(entry.name())) {
                values.add(key + ": " + value);
            }
        }
        return values;
    }
}
