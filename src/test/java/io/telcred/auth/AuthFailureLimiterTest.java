package io.telcred.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.auth.AuthFailureLimiter.Action;
import io.telcred.auth.AuthFailureLimiter.Verdict;
import io.telcred.event.DomainEvent;
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
        assertThat(defaults.refuseAfterFailures()).isEqualTo(10);
        assertThat(defaults.refuseDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.banAfterFailures()).isEqualTo(20);
        assertThat(defaults.banAfterDistinctUsernames()).isEqualTo(10);
        assertThat(defaults.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.banDuration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(defaults.trustedCidrs()).as("a deployment lists its own proxies").isEmpty();
        assertThat(defaults.maxTracked()).isEqualTo(100_000);
    }

    @Test
    void nodesWithTheSameSaltNameAUserAlikeAndApplyEachOthersBansAndRefusals() {
        List<String> told = new java.util.ArrayList<>();
        SharedFailures shared = new SharedFailures() {
            @Override
            public void failed(String source, String user, boolean unknownUser) {
                told.add("failed " + source + " " + user + " " + unknownUser);
            }

            @Override
            public void succeeded(String source, String user) {
                told.add("succeeded " + source + " " + user);
            }
        };
        byte[] salt = new byte[16];
        AuthFailureLimiter node1 = new AuthFailureLimiter(defaults, clock, salt, shared);
        AuthFailureLimiter node2 = new AuthFailureLimiter(defaults, clock, salt, shared);
        node1.failed(SCANNER, "alice", true);
        node2.failed(SCANNER, "alice", true);
        node2.succeeded(OFFICE, "alice");
        assertThat(told).hasSize(3);
        assertThat(told.get(0)).startsWith("failed 4:cb007107 ").endsWith(" true").isEqualTo(told.get(1));
        String alice = told.get(0).split(" ")[2];
        assertThat(told.get(2)).isEqualTo("succeeded 4:c6336414 " + alice);

        long until = clock.millis() + 60_000;
        node2.heard(new DomainEvent.PairRefused("4:c6336414", alice, until));
        assertThat(node2.verdict(OFFICE, "alice")).isEqualTo(new Verdict(Action.REFUSE, Duration.ofMinutes(1)));
        assertThat(node2.verdict(OFFICE, "bob").action()).isEqualTo(Action.ALLOW);
        node2.heard(new DomainEvent.SourceBanned("4:cb007107", until));
        assertThat(node2.verdict(SCANNER)).isEqualTo(new Verdict(Action.BAN, Duration.ofMinutes(1)));
        assertThat(node2.verdict(NEIGHBOUR).action()).isEqualTo(Action.ALLOW);
        node2.heard(new DomainEvent.SourceBanned("nonsense", until));
        assertThat(node1.verdict(SCANNER).action()).as("a limiter applies what it hears, nothing else").isEqualTo(Action.ALLOW);
    }

    @Test
    void unknownSourceIsAllowed() {
        assertThat(limiter.verdict(SCANNER)).isEqualTo(Verdict.ALLOWED);
        assertThat(limiter.verdict(SCANNER, "alice")).isEqualTo(Verdict.ALLOWED);
        assertThat(limiter.banned(SCANNER)).isFalse();
        assertThat(limiter.tracked()).isZero();
    }

    @Test
    void fewTyposInAMinuteAreNeitherSlowedNorRefused() {
        for (int i = 0; i < 4; i++) {
            limiter.failed(OFFICE, "alice", false);
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(limiter.verdict(OFFICE, "alice")).isEqualTo(Verdict.ALLOWED);
        limiter.failed(OFFICE, "alice", false);
        assertThat(limiter.verdict(OFFICE, "alice")).isEqualTo(new Verdict(Action.DELAY, Duration.ofSeconds(2)));
        assertThat(limiter.banned(OFFICE)).isFalse();
    }

    @Test
    void aUserFailingFromAnAddressIsSlowedThenRefusedAndNobodyElseIs() {
        for (int i = 0; i < 9; i++) {
            limiter.failed(OFFICE, "alice", false);
        }
        assertThat(limiter.verdict(OFFICE, "alice").action()).isEqualTo(Action.DELAY);
        limiter.failed(OFFICE, "alice", false);
        assertThat(limiter.verdict(OFFICE, "alice")).isEqualTo(new Verdict(Action.REFUSE, Duration.ofMinutes(5)));
        assertThat(limiter.verdict(OFFICE, "bob")).as("the colleague behind the same NAT").isEqualTo(Verdict.ALLOWED);
        assertThat(limiter.verdict(NEIGHBOUR, "alice")).as("alice from elsewhere").isEqualTo(Verdict.ALLOWED);
        assertThat(limiter.verdict(OFFICE)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void aRefusalEndsWithACleanSlateAndFailuresDuringItDoNotCount() {
        for (int i = 0; i < 10; i++) {
            limiter.failed(OFFICE, "alice", false);
        }
        for (int i = 0; i < 50; i++) {
            limiter.failed(OFFICE, "alice", false);
        }
        clock.advance(Duration.ofMinutes(5));
        assertThat(limiter.verdict(OFFICE, "alice")).isEqualTo(Verdict.ALLOWED);
        limiter.failed(OFFICE, "alice", false);
        assertThat(limiter.verdict(OFFICE, "alice")).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void aPhoneRetryingAWrongPasswordAtOnceIsRefusedButItsOfficeIsNeverBanned() {
        // baresip answers each 401 at once: hundreds of tries a minute, for an hour.
        for (int i = 0; i < 3_600; i++) {
            if (limiter.verdict(OFFICE, "alice").action() != Action.REFUSE) {
                limiter.failed(OFFICE, "alice", false);
            }
            assertThat(limiter.banned(OFFICE)).isFalse();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(limiter.verdict(OFFICE, "bob")).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void phoneRetryingOncePerRegistrationIntervalIsNotEvenSlowed() {
        for (int i = 0; i < 120; i++) {
            limiter.failed(OFFICE, "alice", false);
            assertThat(limiter.verdict(OFFICE, "alice")).isEqualTo(Verdict.ALLOWED);
            clock.advance(Duration.ofSeconds(60));
        }
    }

    @Test
    void twentyFailuresForUnknownNamesBanTheAddressForFifteenMinutes() {
        for (int i = 0; i < 19; i++) {
            limiter.failed(SCANNER, "nobody" + (i % 5), true);
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(limiter.banned(SCANNER)).isFalse();
        limiter.failed(SCANNER, "nobody0", true);
        assertThat(limiter.banned(SCANNER)).isTrue();
        assertThat(limiter.verdict(SCANNER)).isEqualTo(new Verdict(Action.BAN, Duration.ofMinutes(15)));
        assertThat(limiter.verdict(SCANNER, "alice").action()).isEqualTo(Action.BAN);
    }

    @Test
    void tenDistinctUserNamesFailingBanTheAddressKnownOrNot() {
        for (int i = 0; i < 9; i++) {
            limiter.failed(SCANNER, "100" + i, i % 2 == 0);
        }
        assertThat(limiter.banned(SCANNER)).isFalse();
        limiter.failed(SCANNER, "1009", false);
        assertThat(limiter.banned(SCANNER)).isTrue();
    }

    @Test
    void anUnknownUserNameIsSlowedAndRefusedLikeAKnownOne() {
        for (int i = 0; i < 10; i++) {
            limiter.failed(OFFICE, "deleted-phone", true);
        }
        assertThat(limiter.verdict(OFFICE, "deleted-phone").action()).isEqualTo(Action.REFUSE);
        assertThat(limiter.banned(OFFICE)).isFalse();
    }

    @Test
    void userNamesOutsideTheWindowAreForgotten() {
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
        for (int i = 0; i < 9; i++) {
            limiter.failed(OFFICE, "alice", false);
        }
        clock.advance(Duration.ofSeconds(61));
        // The first nine are now more than a minute old.
        limiter.failed(OFFICE, "alice", false);
        assertThat(limiter.verdict(OFFICE, "alice")).isEqualTo(Verdict.ALLOWED);
        for (int i = 0; i < 9; i++) {
            limiter.failed(OFFICE, "alice", false);
        }
        assertThat(limiter.verdict(OFFICE, "alice").action()).isEqualTo(Action.REFUSE);
    }

    @Test
    void slowDownEndsWhenTheFailuresLeaveTheWindow() {
        for (int i = 0; i < 6; i++) {
            limiter.failed(OFFICE, "alice", false);
        }
        assertThat(limiter.verdict(OFFICE, "alice").action()).isEqualTo(Action.DELAY);
        clock.advance(Duration.ofSeconds(61));
        assertThat(limiter.verdict(OFFICE, "alice")).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void successForgivesThePairButNotTheAddresssCountTowardsABan() {
        for (int i = 0; i < 9; i++) {
            limiter.failed(SCANNER, "victim", false);
        }
        assertThat(limiter.verdict(SCANNER, "victim").action()).isEqualTo(Action.DELAY);
        limiter.succeeded(SCANNER, "victim");
        assertThat(limiter.verdict(SCANNER, "victim")).isEqualTo(Verdict.ALLOWED);
        for (int i = 0; i < 9; i++) {
            limiter.failed(SCANNER, "other" + i, false);
        }
        assertThat(limiter.banned(SCANNER)).as("the tenth distinct name of the window").isTrue();
    }

    @Test
    void successDoesNotLiftABanOrARefusal() {
        banScanner();
        limiter.succeeded(SCANNER, "alice");
        assertThat(limiter.banned(SCANNER)).isTrue();
        for (int i = 0; i < 10; i++) {
            limiter.failed(OFFICE, "alice", false);
        }
        limiter.succeeded(OFFICE, "alice");
        assertThat(limiter.verdict(OFFICE, "alice").action()).isEqualTo(Action.REFUSE);
    }

    @Test
    void successFromAnUntrackedSourceTracksNothing() {
        limiter.succeeded(OFFICE, "alice");
        assertThat(limiter.tracked()).isZero();
    }

    @Test
    void banExpiresAfterTheBanDurationWithACleanSlate() {
        banScanner();
        clock.advance(Duration.ofMinutes(15).minusMillis(1));
        assertThat(limiter.verdict(SCANNER)).isEqualTo(new Verdict(Action.BAN, Duration.ofMillis(1)));
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.verdict(SCANNER)).isEqualTo(Verdict.ALLOWED);
        limiter.failed(SCANNER, "nobody", true);
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
            limiter.failed(address("2001:db8:1:2::" + Integer.toHexString(i + 1)), "nobody", true);
        }
        assertThat(limiter.banned(address("2001:db8:1:2:ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(limiter.banned(address("2001:db8:1:3::1"))).isFalse();
    }

    @Test
    void trustedSourcesAreNeverSlowedRefusedBannedOrTracked() {
        for (InetAddress trusted : List.of(address("10.1.2.3"), address("::1"))) {
            for (int i = 0; i < 100; i++) {
                limiter.failed(trusted, "scan" + i, true);
                limiter.failed(trusted, "alice", false);
            }
            assertThat(limiter.verdict(trusted, "alice")).isEqualTo(Verdict.ALLOWED);
            assertThat(limiter.banned(trusted)).isFalse();
        }
        assertThat(limiter.tracked()).isZero();
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
    void aFloodOfRandomNamesAndAddressesCostsBoundedMemory() {
        AuthFailureLimiter small = new AuthFailureLimiter(settings(5, 10, 20, 10, List.of(), 100), clock);
        for (int i = 0; i < 10_000; i++) {
            InetAddress source = address("198.18." + (i / 256) + "." + (i % 256));
            small.failed(source, "random" + i, i % 2 == 0);
            small.failed(source, "alice", false);
        }
        assertThat(small.tracked()).isLessThanOrEqualTo(200);
    }

    @Test
    void entriesAreForgottenOnceTheirWindowAndBanOrRefusalAreOver() {
        limiter.failed(NEIGHBOUR, "alice", false);
        for (int i = 0; i < 10; i++) {
            limiter.failed(OFFICE, "alice", false);
        }
        banScanner();
        // Each address, and each name from it: the scanner's name was refused on its way to the ban.
        assertThat(limiter.tracked()).isEqualTo(6);
        clock.advance(Duration.ofSeconds(61));
        assertThat(limiter.tracked()).as("two refusals and the ban remain").isEqualTo(3);
        clock.advance(Duration.ofMinutes(5));
        assertThat(limiter.tracked()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(15));
        assertThat(limiter.tracked()).isZero();
    }

    @Test
    void zeroThresholdsTurnStepsOff() {
        AuthFailureLimiter lenient = new AuthFailureLimiter(settings(0, 0, 0, 0, List.of(), 100), clock);
        for (int i = 0; i < 500; i++) {
            lenient.failed(SCANNER, "u" + i, true);
            lenient.failed(SCANNER, "alice", false);
        }
        assertThat(lenient.verdict(SCANNER, "alice")).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void unreasonableSettingsAreRefused() {
        assertThatThrownBy(() -> settings(-1, 10, 20, 10, List.of(), 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(5, 1_000_000, 20, 10, List.of(), 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(5, 10, 20, 10, List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthFailureSettings(5, Duration.ofSeconds(2), 10, Duration.ofMinutes(5), 20, 10,
                Duration.ZERO, Duration.ofMinutes(15), List.of(), 100)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Twenty failures for an unknown name: a scan. */
    private void banScanner() {
        for (int i = 0; i < 20; i++) {
            limiter.failed(SCANNER, "nobody", true);
        }
        assertThat(limiter.banned(SCANNER)).isTrue();
    }

    private boolean trustedIn(AuthFailureLimiter custom, String source) {
        InetAddress address = address(source);
        for (int i = 0; i < 20; i++) {
            custom.failed(address, "nobody", true);
        }
        return !custom.banned(address);
    }

    private AuthFailureSettings withTrusted(String... cidrs) {
        return settings(defaults.slowAfterFailures(), defaults.refuseAfterFailures(), defaults.banAfterFailures(),
                defaults.banAfterDistinctUsernames(), List.of(cidrs), defaults.maxTracked());
    }

    private AuthFailureSettings settings(int slowAfter, int refuseAfter, int banAfter, int banUsernames, List<String> trusted,
                                         int maxTracked) {
        return new AuthFailureSettings(slowAfter, Duration.ofSeconds(2), refuseAfter, Duration.ofMinutes(5), banAfter,
                banUsernames, Duration.ofSeconds(60), Duration.ofMinutes(15), trusted, maxTracked);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
