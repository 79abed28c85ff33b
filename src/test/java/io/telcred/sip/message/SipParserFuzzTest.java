package io.telcred.sip.message;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of {@link SipParser} and {@link SipStreamFrameDecoder}. In a normal
 * {@code mvn test} Jazzer replays the seed corpus under
 * {@code SipParserFuzzTestInputs/parse/}; with {@code JAZZER_FUZZ=1} it fuzzes.
 * {@link SipParserCorpusReplayTest} replays the same corpus plus seeded mutations without Jazzer.
 */
class SipParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] input) {
        FuzzTarget.check(input);
    }
}
