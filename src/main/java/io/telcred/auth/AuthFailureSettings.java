package io.telcred.auth;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * When {@link AuthFailureLimiter} slows down and bans a source. A threshold of 0 turns that step
 * off (only tests do: the settings start at 1).
 *
 * <p>The defaults are those of a careful operator:
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
 *   <li>No address trusted: a deployment lists its own proxies.</li>
 *   <li>100,000 tracked sources: one costs under 600 bytes (measured with 19 failures and 9
 *       unknown names), so under 60 MB in all.</li>
 * </ul>
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

    public static final Setting<List<String>> TRUSTED_ADDRESSES = Setting.networks("TELCRED_SIP_TRUSTED_ADDRESSES",
            "comma-separated CIDRs (e.g. your own proxies) never slowed or banned for failed authentication");
    public static final Setting<Integer> SLOW_AFTER = threshold("TELCRED_SIP_AUTH_SLOW_AFTER", 5,
            "failed authentications from one address within the window after which its answers are delayed");
    public static final Setting<Duration> SLOW_DELAY = Setting.millis("TELCRED_SIP_AUTH_SLOW_DELAY_MS", 2_000, 0, 30_000,
            "that delay");
    public static final Setting<Integer> BAN_AFTER = threshold("TELCRED_SIP_AUTH_BAN_AFTER", 20,
            "failed authentications from one address within the window that ban it");
    public static final Setting<Integer> BAN_USERNAMES = threshold("TELCRED_SIP_AUTH_BAN_USERNAMES", 10,
            "distinct unknown user names tried from one address within the window that ban it");
    public static final Setting<Duration> WINDOW = Setting.seconds("TELCRED_SIP_AUTH_WINDOW_SECONDS", 60, 1, 86_400,
            "the window those counts are taken over");
    public static final Setting<Duration> BAN_DURATION = Setting.seconds("TELCRED_SIP_AUTH_BAN_SECONDS", 900, 1,
            30 * 86_400, "how long a ban lasts");
    public static final Setting<Integer> MAX_TRACKED_SOURCES = Setting.integer("TELCRED_SIP_AUTH_MAX_TRACKED_SOURCES",
            100_000, 1_000, 10_000_000, "addresses whose failures are remembered at once (under 600 bytes each); "
                    + "beyond it the least useful are forgotten, so a flood from many addresses costs bounded memory");

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

    public static AuthFailureSettings from(SettingValues values) {
        return new AuthFailureSettings(values.get(SLOW_AFTER), values.get(SLOW_DELAY), values.get(BAN_AFTER),
                values.get(BAN_USERNAMES), values.get(WINDOW), values.get(BAN_DURATION), values.get(TRUSTED_ADDRESSES),
                values.get(MAX_TRACKED_SOURCES));
    }

    /** The settings' defaults; see the class comment for why they are what they are. */
    public static AuthFailureSettings defaults() {
        return from(SettingValues.DEFAULTS);
    }

    private static Setting<Integer> threshold(String name, int defaultValue, String description) {
        return Setting.integer(name, defaultValue, 1, MAX_THRESHOLD, description);
    }

    private static void requireThreshold(String name, int value) {
        if (value < 0 || value > MAX_THRESHOLD) {
            throw new IllegalArgumentException(name + " must be between 0 (off) and " + MAX_THRESHOLD);
        }
    }
}
