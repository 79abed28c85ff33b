package io.telcred.sip.auth;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * When {@link AuthFailureLimiter} slows down and bans a source. A threshold of 0 turns that step
 * off.
 *
 * @param slowAfterFailures         failures within the window after which answers are delayed
 * @param slowDelay                 how long each answer to a slowed source is held back
 * @param banAfterFailures          failures within the window that ban the source
 * @param banAfterDistinctUsernames distinct unknown usernames within the window that ban the source
 * @param window                    how far back failures count (a sliding window)
 * @param banDuration               how long a ban lasts
 * @param trustedCidrs              sources never slowed or banned, e.g. "10.0.0.0/8", "::1/128", or a bare address
 * @param maxTrackedSources         most sources remembered at once
 */
public record AuthFailureSettings(int slowAfterFailures, Duration slowDelay, int banAfterFailures,
                                  int banAfterDistinctUsernames, Duration window, Duration banDuration,
                                  List<String> trustedCidrs, int maxTrackedSources) {

    /** Upper bound of the failure thresholds: per-source memory grows with them. */
    public static final int MAX_THRESHOLD = 1_000;

    public AuthFailureSettings {
        Objects.requireNonNull(slowDelay, "slowDelay");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(banDuration, "banDuration");
        trustedCidrs = List.copyOf(Objects.requireNonNull(trustedCidrs, "trustedCidrs"));
        requireThreshold("slowAfterFailures", slowAfterFailures);
        requireThreshold("banAfterFailures", banAfterFailures);
        requireThreshold("banAfterDistinctUsernames", banAfterDistinctUsernames);
        if (slowDelay.isNegative() || window.isNegative() || window.isZero() || banDuration.isNegative()) {
            throw new IllegalArgumentException("the window must be positive, the delay and ban duration not negative");
        }
        if (maxTrackedSources < 1) {
            throw new IllegalArgumentException("maxTrackedSources must be positive");
        }
    }

    /**
     * The defaults of a careful operator:
     * <ul>
     *   <li>Window 60 s, ban after 20 failures or 10 distinct unknown usernames in it. A person who
     *       mistypes a password, even five times in a minute, is never banned; nor is a phone that
     *       retries a wrong stored password at each registration (once a minute or slower; even every
     *       5 s it stays at 12 a minute); nor an office of up to about fifteen such phones behind one
     *       NAT address (list bigger ones in {@code trustedCidrs}). Scanners (SIPVicious and the like)
     *       try hundreds of passwords or extensions a second, far beyond any person.</li>
     *   <li>Ban 15 minutes (fail2ban's default is 10): long enough to make a scan pointless, short
     *       enough that a misconfigured office recovers by itself.</li>
     *   <li>From the 6th failure in the window, answers wait 2 s: it barely bothers a person typing
     *       again and cuts a sequential guesser to one try per 2 s until the ban.</li>
     *   <li>Loopback trusted, as in fail2ban's default {@code ignoreip}: a process on this host is
     *       not an internet scanner.</li>
     *   <li>100,000 tracked sources: one costs under 600 bytes (measured with 19 failures and 9
     *       unknown names), so under 60 MB in all.</li>
     * </ul>
     */
    public static AuthFailureSettings defaults() {
        return new AuthFailureSettings(5, Duration.ofSeconds(2), 20, 10, Duration.ofSeconds(60),
                Duration.ofMinutes(15), List.of("127.0.0.0/8", "::1/128"), 100_000);
    }

    private static void requireThreshold(String name, int value) {
        if (value < 0 || value > MAX_THRESHOLD) {
            throw new IllegalArgumentException(name + " must be between 0 (off) and " + MAX_THRESHOLD);
        }
    }
}
