package io.telcred.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.store.Outage.Turn;
import org.junit.jupiter.api.Test;

/** Once the database could not be reached, one call at a time probes it and the others are refused at once. */
class OutageTest {

    private final Outage outage = new Outage();

    @Test
    void everyCallGoesWhileTheDatabaseAnswers() {
        assertThat(outage.turn()).isEqualTo(Turn.GO);
        assertThat(outage.turn()).isEqualTo(Turn.GO);
    }

    @Test
    void aCallLetThroughBeforeTheOutageDoesNotEndItWhenItsAnswerComesLate() {
        Turn before = outage.turn();
        outage.ended(outage.turn(), false);

        outage.ended(before, true);

        assertThat(outage.down()).isTrue();
        Turn probe = outage.turn();
        assertThat(probe).isEqualTo(Turn.PROBE);
        assertThat(outage.turn()).isEqualTo(Turn.REFUSED);
        outage.ended(probe, true);
        assertThat(outage.turn()).isEqualTo(Turn.GO);
    }

    @Test
    void whileDownOneProbeGoesAndTheOthersAreRefusedUntilItEnds() {
        outage.ended(outage.turn(), false);

        Turn probe = outage.turn();
        assertThat(probe).isEqualTo(Turn.PROBE);
        assertThat(outage.turn()).isEqualTo(Turn.REFUSED);
        assertThat(outage.turn()).isEqualTo(Turn.REFUSED);

        outage.ended(probe, false);
        Turn next = outage.turn();
        assertThat(next).as("a failed probe hands the turn to the next call").isEqualTo(Turn.PROBE);

        outage.ended(next, true);
        assertThat(outage.down()).isFalse();
        assertThat(outage.turn()).isEqualTo(Turn.GO);
    }
}
