package io.telcred.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.auth.AuthFailureLimiter.Action;
import io.telcred.auth.AuthFailureLimiter.Verdict;
import io.telcred.testing.MutableClock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthFailureLimiterTest {

    private static final InetAddress SCANNER = address("203.0.113.7");
    private static final InetAddress NEIGHBOUR = address("203.0.113.8");
    private static final InetAddress OFFICE = address("198.51.100.20");

    private final MutableClock clock = new MutableClock();
    private final AuthFailureSettings defaults = AuthFailureSettings.defaults();
    private final AuthFailureLimiter limiter = new AuthFailureLimiter(withTrusted("10.0.0.0/8", "::1/128"), clock);

    @Test
    void defaultsAreThoseOfACarefulOperator() {
        assertThat(defaults.slowAfterFailures()).isEqualTo(5);
        assertThat(defaults.slowDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.banAfterFailures()).isEqualTo(20);
        assertThat(defaults.banAfterDistinctUsernames()).isEqualTo(10);
        assertThat(defaults.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.banDuration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(defaults.trustedCidrs()).as("a deployment lists its own proxies").isEmpty();
        assertThat(defaults.maxTrackedSources()).isEqualTo(100_000);
    }

    @Test
    void unknownSourceIsAllowed() {
        assertThat(limiter.verdict(SCANNER)).isEqualTo(Verdict.ALLOWED);
        assertThat(limiter.banned(SCANNER)).isFalse();
        assertThat(limiter.trackedSources()).isZero();
    }

    @Test
    void fewTyposInAMinuteAreNeitherSlowedNorBanned() {
        for (int i = 0; i < 4; i++) {
            limiter.failed(OFFICE, "alice", false);
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(limiter.verdict(OFFICE)).isEqualTo(Verdict.ALLOWED);
        limiter.failed(OFFICE, "alice", false);
        assertThat(limiter.verdict(OFFICE).action()).isEqualTo(Action.DELAY);
        assertThat(limiter.banned(OFFICE)).isFalse();
    }

    @Test
    void slowsDownAfterFiveFailuresByTwoSeconds() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.verdict(OFFICE).action()).isEqualTo(Action.ALLOW);
            limiter.failed(OFFICE, "alice", false);
        }
        assertThat(limiter.verdict(OFFICE)).isEqualTo(new Verdict(Action.DELAY, Duration.ofSeconds(2)));
    }

    @Test
    void phoneRetryingAWrongStoredPasswordIsNeverBanned() {
        // Every 5 s for two hours: twelve failures in any minute, slowed but never banned.
        for (int i = 0; i < 1_440; i++) {
            limiter.failed(OFFICE, "alice", false);
            assertThat(limiter.verdict(OFFICE).action()).isNotEqualTo(Action.BAN);
            clock.advance(Duration.ofSeconds(5));
        }
    }

    @Test
    void phoneRetryingOncePerRegistrationIntervalIsNotEvenSlowed() {
        for (int i = 0; i < 120; i++) {
            limiter.failed(OFFICE, "alice", false);
            assertThat(limiter.verdict(OFFICE)).isEqualTo(Verdict.ALLOWED);
            clock.advance(Duration.ofSeconds(60));
        }
    }

    @Test
    void twentyQuickFailuresBanForFifteenMinutes() {
        for (int i = 0; i < 19; i++) {
            limiter.failed(SCANNER, "alice", false);
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(limiter.verdict(SCANNER).action()).isEqualTo(Action.DELAY);
        limiter.failed(SCANNER, "alice", false);
        assertThat(limiter.banned(SCANNER)).isTrue();
        assertThat(limiter.verdict(SCANNER)).isEqualTo(new Verdict(Action.BAN, Duration.ofMinutes(15)));
    }

    @Test
    void tenDistinctUnknownUsernamesBan() {
        for (int i = 0; i < 9; i++) {
            limiter.failed(SCANNER, "100" + i, true);
        }
        assertThat(limiter.banned(SCANNER)).isFalse();
        limiter.failed(SCANNER, "1009", true);
        assertThat(limiter.banned(SCANNER)).isTrue();
    }

    @Test
    void oneUnknownUsernameRepeatedIsCountedOnlyAsFailures() {
        for (int i = 0; i < 15; i++) {
            limiter.failed(OFFICE, "deleted-phone", true);
        }
        assertThat(limiter.banned(OFFICE)).isFalse();
    }

    @Test
    void wrongPasswordsForManyKnownUsersCountTowardsTheFailureLimitOnly() {
        for (int i = 0; i < 19; i++) {
            limiter.failed(SCANNER, "user" + i, false);
        }
        assertThat(limiter.banned(SCANNER)).isFalse();
        limiter.failed(SCANNER, "user19", false);
        assertThat(limiter.banned(SCANNER)).isTrue();
    }

    @Test
    void unknownUsernamesOutsideTheWindowAreForgotten() {
        for (int i = 0; i < 9; i++) {
            limiter.failed(SCANNER, "old" + i, true);
        }
        clock.advance(Duration.ofSeconds(61));
        for (int i = 0; i < 9; i++) {
            limiter.failed(SCANNER, "new" + i, true);
        }
        assertThat(limiter.banned(SCANNER)).isFalse();
    }

    @Test
    void windowSlides() {
        for (int i = 0; i < 10; i++) {
            limiter.failed(SCANNER, "alice", false);
        }
        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 9; i++) {
            limiter.failed(SCANNER, "alice", false);
        }
        clock.advance(Duration.ofSeconds(31));
        // The first ten are now more than a minute old: nine in the window, plus one.
        limiter.failed(SCANNER, "alice", false);
        assertThat(limiter.banned(SCANNER)).isFalse();
        for (int i = 0; i < 10; i++) {
            limiter.failed(SCANNER, "alice", false);
        }
        assertThat(limiter.banned(SCANNER)).isTrue();
    }

    @Test
    void slowDownEndsWhenTheFailuresLeaveTheWindow() {
        for (int i = 0; i < 6; i++) {
            limiter.failed(OFFICE, "alice", false);
        }
        assertThat(limiter.verdict(OFFICE).action()).isEqualTo(Action.DELAY);
        clock.advance(Duration.ofSeconds(61));
        assertThat(limiter.verdict(OFFICE)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void successLiftsTheSlowDownButStillCountsTowardsABan() {
        for (int i = 0; i < 10; i++) {
            limiter.failed(SCANNER, "victim", false);
        }
        assertThat(limiter.verdict(SCANNER).action()).isEqualTo(Action.DELAY);
        limiter.succeeded(SCANNER); // the attacker logs in with its own valid credential
        assertThat(limiter.verdict(SCANNER)).isEqualTo(Verdict.ALLOWED);
        for (int i = 0; i < 9; i++) {
            limiter.failed(SCANNER, "victim", false);
        }
        assertThat(limiter.banned(SCANNER)).isFalse();
        limiter.failed(SCANNER, "victim", false);
        assertThat(limiter.banned(SCANNER)).isTrue();
    }

    @Test
    void successDoesNotLiftABan() {
        banScanner();
        limiter.succeeded(SCANNER);
        assertThat(limiter.banned(SCANNER)).isTrue();
    }

    @Test
    void successFromAnUntrackedSourceTracksNothing() {
        limiter.succeeded(OFFICE);
        assertThat(limiter.trackedSources()).isZero();
    }

    @Test
    void banExpiresAfterTheBanDurationWithACleanSlate() {
        banScanner();
        clock.advance(Duration.ofMinutes(15).minusMillis(1));
        assertThat(limiter.verdict(SCANNER)).isEqualTo(new Verdict(Action.BAN, Duration.ofMillis(1)));
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.verdict(SCANNER)).isEqualTo(Verdict.ALLOWED);
        limiter.failed(SCANNER, "alice", false);
        assertThat(limiter.verdict(SCANNER)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void failuresDuringABanNeitherCountNorExtendIt() {
        banScanner();
        for (int i = 0; i < 100; i++) {
            limiter.failed(SCANNER, "x" + i, true);
        }
        clock.advance(Duration.ofMinutes(15));
        assertThat(limiter.verdict(SCANNER)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void bannedSourceDoesNotAffectAnother() {
        banScanner();
        assertThat(limiter.verdict(NEIGHBOUR)).isEqualTo(Verdict.ALLOWED);
        assertThat(limiter.verdict(address("2001:db8::7"))).isEqualTo(Verdict.ALLOWED);
        limiter.failed(NEIGHBOUR, "alice", false);
        assertThat(limiter.banned(NEIGHBOUR)).isFalse();
    }

    @Test
    void addressesOfOneIpv6Slash64AreOneSource() {
        for (int i = 0; i < 20; i++) {
            limiter.failed(address("2001:db8:1:2::" + Integer.toHexString(i + 1)), "alice", false);
        }
        assertThat(limiter.banned(address("2001:db8:1:2:ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(limiter.banned(address("2001:db8:1:3::1"))).isFalse();
        assertThat(limiter.trackedSources()).isEqualTo(1);
    }

    @Test
    void trustedSourcesAreNeverSlowedBannedOrTracked() {
        for (InetAddress trusted : List.of(address("10.1.2.3"), address("::1"))) {
            for (int i = 0; i < 100; i++) {
                limiter.failed(trusted, "scan" + i, true);
            }
            assertThat(limiter.verdict(trusted)).isEqualTo(Verdict.ALLOWED);
            assertThat(limiter.banned(trusted)).isFalse();
        }
        assertThat(limiter.trackedSources()).isZero();
    }

    @Test
    void trustedNetworksMatchByPrefix() {
        AuthFailureLimiter custom = new AuthFailureLimiter(
                withTrusted("192.168.1.0/24", "2001:db8::/32", "198.51.100.9", "172.16.0.0/12"), clock);
        assertThat(trustedIn(custom, "192.168.1.200")).isTrue();
        assertThat(trustedIn(custom, "192.168.2.1")).isFalse();
        assertThat(trustedIn(custom, "2001:db8:ffff::1")).isTrue();
        assertThat(trustedIn(custom, "2001:db9::1")).isFalse();
        assertThat(trustedIn(custom, "198.51.100.9")).isTrue();
        assertThat(trustedIn(custom, "198.51.100.10")).isFalse();
        assertThat(trustedIn(custom, "172.31.255.255")).isTrue();
        assertThat(trustedIn(custom, "172.32.0.0")).isFalse();
    }

    @Test
    void malformedTrustedNetworksAreRefusedWithoutAnyNameLookup() {
        for (String bad : List.of("example.com", "localhost", "10.0.0.0/33", "::1/129", "1.2.3", "256.1.1.1", "10.0.0.0/",
                "10.0.0.0/-1", "fe80::1%eth0", ".:1", "", "10.0.0.0/8/8", "::ffff:10.0.0.0/104")) {
            assertThatThrownBy(() -> new AuthFailureLimiter(withTrusted(bad), clock))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void trackingIsBoundedByMaxTrackedSources() {
        AuthFailureLimiter small = new AuthFailureLimiter(new AuthFailureSettings(5, Duration.ofSeconds(2), 20, 10,
                Duration.ofSeconds(60), Duration.ofMinutes(15), List.of(), 100), clock);
        for (int i = 0; i < 10_000; i++) {
            small.failed(address("198.18." + (i / 256) + "." + (i % 256)), "alice", false);
        }
        assertThat(small.trackedSources()).isLessThanOrEqualTo(100);
    }

    @Test
    void sourcesAreForgottenOnceTheirWindowAndBanAreOver() {
        limiter.failed(OFFICE, "alice", false);
        banScanner();
        assertThat(limiter.trackedSources()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(61));
        assertThat(limiter.trackedSources()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(15));
        assertThat(limiter.trackedSources()).isZero();
    }

    @Test
    void zeroThresholdsTurnStepsOff() {
        AuthFailureLimiter lenient = new AuthFailureLimiter(new AuthFailureSettings(0, Duration.ofSeconds(2), 0, 0,
                Duration.ofSeconds(60), Duration.ofMinutes(15), List.of(), 100), clock);
        for (int i = 0; i < 500; i++) {
            lenient.failed(SCANNER, "u" + i, true);
        }
        assertThat(lenient.verdict(SCANNER)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void unreasonableSettingsAreRefused() {
        assertThatThrownBy(() -> new AuthFailureSettings(-1, Duration.ofSeconds(2), 20, 10, Duration.ofSeconds(60),
                Duration.ofMinutes(15), List.of(), 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthFailureSettings(5, Duration.ofSeconds(2), 1_000_000, 10, Duration.ofSeconds(60),
                Duration.ofMinutes(15), List.of(), 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthFailureSettings(5, Duration.ofSeconds(2), 20, 10, Duration.ZERO,
                Duration.ofMinutes(15), List.of(), 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthFailureSettings(5, Duration.ofSeconds(2), 20, 10, Duration.ofSeconds(60),
                Duration.ofMinutes(15), List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private void banScanner() {
        for (int i = 0; i < 20; i++) {
            limiter.failed(SCANNER, "alice", false);
        }
        assertThat(limiter.banned(SCANNER)).isTrue();
    }

    private boolean trustedIn(AuthFailureLimiter custom, String source) {
        InetAddress address = address(source);
        for (int i = 0; i < 20; i++) {
            custom.failed(address, "alice", false);
        }
        return !custom.banned(address);
    }

    private AuthFailureSettings withTrusted(String... cidrs) {
        return new AuthFailureSettings(defaults.slowAfterFailures(), defaults.slowDelay(), defaults.banAfterFailures(),
                defaults.banAfterDistinctUsernames(), defaults.window(), defaults.banDuration(), List.of(cidrs),
                defaults.maxTrackedSources());
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
