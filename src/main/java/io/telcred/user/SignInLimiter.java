package io.telcred.user;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Slows and then locks portal sign-in after repeated failures, per e-mail (a guesser aiming at one
 * account) and per address (a guesser trying many). Failures are counted over a sliding window; a
 * lock refuses even the right password until it ends, and says when that is.
 */
final class SignInLimiter {

    /** Most e-mails, and most addresses, whose failures are remembered at once. */
    private static final int MAX_TRACKED = 100_000;

    private final UserSettings settings;
    private final Clock clock;
    private final Cache<String, Failures> byEmail;
    private final Cache<String, Failures> byAddress;

    SignInLimiter(UserSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        Duration keep = settings.window().plus(settings.lockDuration());
        this.byEmail = Caffeine.newBuilder().maximumSize(MAX_TRACKED).expireAfterAccess(keep).build();
        this.byAddress = Caffeine.newBuilder().maximumSize(MAX_TRACKED).expireAfterAccess(keep).build();
    }

    /** When the e-mail or the address is locked, how long until it is not; otherwise zero. */
    Duration lockedFor(String email, String address) {
        Instant now = clock.instant();
        Duration email1 = remaining(byEmail.getIfPresent(key(email)), now);
        Duration address1 = remaining(byAddress.getIfPresent(address), now);
        return email1.compareTo(address1) >= 0 ? email1 : address1;
    }

    /** Counts a failure; returns how long its answer should be held back. */
    Duration failed(String email, String address) {
        Instant now = clock.instant();
        int emailCount = byEmail.get(key(email), k -> new Failures()).add(now, settings.window(),
                settings.lockAfterFailures(), settings.lockDuration());
        byAddress.get(address, k -> new Failures()).add(now, settings.window(), settings.addressLockAfter(),
                settings.lockDuration());
        return emailCount > settings.slowAfterFailures() ? settings.slowDelay() : Duration.ZERO;
    }

    void succeeded(String email) {
        byEmail.invalidate(key(email));
    }

    private static String key(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    private static Duration remaining(Failures failures, Instant now) {
        return failures == null ? Duration.ZERO : failures.lockedFor(now);
    }

    /** The recent failures of one e-mail or address, and its lock. */
    private static final class Failures {

        private final Deque<Instant> times = new ArrayDeque<>();
        private Instant lockedUntil = Instant.MIN;

        synchronized int add(Instant now, Duration window, int lockAfter, Duration lockDuration) {
            Instant since = now.minus(window);
            while (!times.isEmpty() && times.peekFirst().isBefore(since)) {
                times.removeFirst();
            }
            if (times.size() < lockAfter) {
                times.addLast(now);
            }
            if (times.size() >= lockAfter) {
                lockedUntil = now.plus(lockDuration);
                times.clear();
                return lockAfter;
            }
            return times.size();
        }

        synchronized Duration lockedFor(Instant now) {
            return now.isBefore(lockedUntil) ? Duration.between(now, lockedUntil) : Duration.ZERO;
        }
    }
}
