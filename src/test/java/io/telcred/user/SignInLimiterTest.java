package io.telcred.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Failed sign-ins slow, then lock, one e-mail; many e-mails from one address lock the address; locks end. */
class SignInLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final UserSettings settings = new UserSettings(Optional.empty(), Optional.empty(), 12, Duration.ofHours(12),
            Duration.ofDays(3), 3, Duration.ofSeconds(1), 5, 8, Duration.ofMinutes(15), Duration.ofMinutes(15));
    private final SignInLimiter limiter = new SignInLimiter(settings, clock);

    @Test
    void failuresOfOneEmailAreSlowedThenLockedUntilTheLockEnds() {
        for (int i = 1; i <= 3; i++) {
            assertThat(limiter.failed("a@example.com", "10.0.0.1")).as("failure %d", i).isZero();
        }
        assertThat(limiter.failed("A@example.com", "10.0.0.2")).as("the same e-mail in other case").isEqualTo(Duration.ofSeconds(1));
        assertThat(limiter.lockedFor("a@example.com", "10.0.0.3")).isZero();
        limiter.failed("a@example.com", "10.0.0.3");

        assertThat(limiter.lockedFor("a@example.com", "10.0.0.9")).as("locked from every address")
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(limiter.lockedFor("b@example.com", "10.0.0.9")).as("other e-mails are untouched").isZero();

        clock.advance(Duration.ofMinutes(15));
        assertThat(limiter.lockedFor("a@example.com", "10.0.0.9")).isZero();
    }

    @Test
    void manyEmailsFailingFromOneAddressLockTheAddress() {
        for (int i = 0; i < 8; i++) {
            limiter.failed("user" + i + "@example.com", "192.0.2.7");
        }
        assertThat(limiter.lockedFor("anyone@example.com", "192.0.2.7")).isPositive();
        assertThat(limiter.lockedFor("anyone@example.com", "192.0.2.8")).isZero();
    }

    @Test
    void aSuccessForgetsTheEmailsFailures() {
        for (int i = 0; i < 4; i++) {
            limiter.failed("c@example.com", "10.0.0.1");
        }
        limiter.succeeded("c@example.com");
        assertThat(limiter.failed("c@example.com", "10.0.0.1")).isZero();
    }
}
