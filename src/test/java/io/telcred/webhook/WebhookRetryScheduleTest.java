package io.telcred.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookRetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(4, Duration.ofSeconds(1), Duration.ofSeconds(5));
    private final WebhookTarget withFailover = new WebhookTarget("http://a/", "http://b/", Duration.ofSeconds(5));
    private final WebhookTarget without = new WebhookTarget("http://a/", null, Duration.ofSeconds(5));

    @Test
    void waitsDoubleFromTheFirstUpToTheLongest() {
        assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(schedule.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void theFailoverIsTriedAtOnceAfterTheLastAttemptThenWithItsOwnBackoff() {
        assertThat(schedule.delayAfter(4)).isZero();
        assertThat(schedule.delayAfter(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule.delayAfter(7)).isEqualTo(Duration.ofSeconds(4));
        assertThat(new RetrySchedule(10, Duration.ofSeconds(1), Duration.ofSeconds(5)).delayAfter(6))
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void attemptsGoToTheEventUrlThenTheFailoverThenNowhere() {
        assertThat(schedule.url(1, withFailover)).contains("http://a/");
        assertThat(schedule.url(4, withFailover)).contains("http://a/");
        assertThat(schedule.url(5, withFailover)).contains("http://b/");
        assertThat(schedule.url(8, withFailover)).contains("http://b/");
        assertThat(schedule.url(9, withFailover)).isEmpty();
        assertThat(schedule.url(5, without)).isEmpty();
    }
}
