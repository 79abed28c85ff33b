package io.telcred.auth;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * When {@link AuthFailureLimiter} slows down and refuses a user name from an address, and when it
 * bans an address. A threshold of 0 turns that step off (only tests do: the settings start at 1).
 *
 * <p>The defaults are those of a careful operator:
 * <ul>
 *   <li>A person who mistypes a password, even four times in a minute, is neither slowed nor
 *       refused; from the 5th failure in a minute each answer waits 2 s, which barely bothers a
 *       person typing again and cuts a guesser to one try per 2 s; the 10th refuses that user
 *       from that address for 5 minutes: a phone that retries a wrong stored password at once
 *       gets a final 403 and stops, and recovers by itself once its password is fixed.</li>
 *   <li>Other users behind the same NAT address are untouched by all of it. The address itself
 *       is banned for 15 minutes (fail2ban's default is 10) only for what a scanner does: 20
 *       failures for user names that do not exist, or failures for 10 distinct user names,
 *       within a minute. SIPVicious and the like try hundreds a second.</li>
 *   <li>No address trusted: a deployment lists its own proxies.</li>
 *   <li>100,000 addresses and as many user-and-address pairs tracked: one costs under 600 bytes,
 *       so under 120 MB in all.</li>
 * </ul>
 *
 * @param slowAfterFailures         failures of one user from one address within the window after which answers are delayed
 * @param slowDelay                 how long each answer to a slowed user is held back
 * @param refuseAfterFailures       failures of one user from one address within the window after which it is refused
 * @param refuseDuration            how long such a refusal lasts
 * @param banAfterFailures          failures for unknown user names from one address within the window that ban it
 * @param banAfterDistinctUsernames distinct user names failing from one address within the window that ban it
 * @param window                    how far back failures count (a sliding window)
 * @param banDuration               how long a ban lasts
 * @param trustedCidrs              sources never slowed or banned, e.g. "10.0.0.0/8", "::1/128", or a bare address
 * @param maxTracked                most addresses, and most user-and-address pairs, remembered at once
 */
public record AuthFailureSettings(int slowAfterFailures, Duration slowDelay, int refuseAfterFailures,
                                  Duration refuseDuration, int banAfterFailures, int banAfterDistinctUsernames,
                                  Duration window, Duration banDuration, List<String> trustedCidrs, int maxTracked) {

    /** Upper bound of the failure thresholds: per-source memory grows with them. */
    public static final int MAX_THRESHOLD = 1_000;

    public static final Setting<List<String>> TRUSTED_ADDRESSES = Setting.networks("TELCRED_SIP_TRUSTED_ADDRESSES",
            "comma-separated CIDRs (e.g. your own proxies) never slowed, refused or banned for failed authentication");
    public static final Setting<Integer> SLOW_AFTER = threshold("TELCRED_SIP_AUTH_SLOW_AFTER", 5,
            "failed authentications of one user name from one address within the window after which its answers are "
                    + "delayed");
    public static final Setting<Duration> SLOW_DELAY = Setting.millis("TELCRED_SIP_AUTH_SLOW_DELAY_MS", 2_000, 0, 30_000,
            "that delay");
    public static final Setting<Integer> REFUSE_AFTER = threshold("TELCRED_SIP_AUTH_REFUSE_AFTER", 10,
            "failed authentications of one user name from one address within the window after which that user name is "
                    + "refused from there with a final 403 (other users behind the same address are untouched)");
    public static final Setting<Duration> REFUSE_DURATION = Setting.seconds("TELCRED_SIP_AUTH_REFUSE_SECONDS", 300, 1,
            86_400, "how long such a refusal lasts");
    public static final Setting<Integer> BAN_AFTER = threshold("TELCRED_SIP_AUTH_BAN_AFTER", 20,
            "failed authentications for user names that do not exist from one address within the window that ban the "
                    + "address (a scan)");
    public static final Setting<Integer> BAN_USERNAMES = threshold("TELCRED_SIP_AUTH_BAN_USERNAMES", 10,
            "distinct user names failing authentication from one address within the window that ban the address (a scan)");
    public static final Setting<Duration> WINDOW = Setting.seconds("TELCRED_SIP_AUTH_WINDOW_SECONDS", 60, 1, 86_400,
            "the window those counts are taken over");
    public static final Setting<Duration> BAN_DURATION = Setting.seconds("TELCRED_SIP_AUTH_BAN_SECONDS", 900, 1,
            30 * 86_400, "how long a ban lasts");
    public static final Setting<Integer> MAX_TRACKED = Setting.integer("TELCRED_SIP_AUTH_MAX_TRACKED", 100_000,
            1_000, 10_000_000, "addresses, and user-and-address pairs, whose failures are remembered at once (under 600 "
                    + "bytes each); beyond it the least useful are forgotten, so a flood of names and addresses costs "
                    + "bounded memory");

    public AuthFailureSettings {
        Objects.requireNonNull(slowDelay, "slowDelay");
        Objects.requireNonNull(refuseDuration, "refuseDuration");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(banDuration, "banDuration");
        trustedCidrs = List.copyOf(Objects.requireNonNull(trustedCidrs, "trustedCidrs"));
        requireThreshold("slowAfterFailures", slowAfterFailures);
        requireThreshold("refuseAfterFailures", refuseAfterFailures);
        requireThreshold("banAfterFailures", banAfterFailures);
        requireThreshold("banAfterDistinctUsernames", banAfterDistinctUsernames);
        if (slowDelay.isNegative() || refuseDuration.isNegative() || window.isNegative() || window.isZero()
                || banDuration.isNegative()) {
            throw new IllegalArgumentException("the window must be positive, the delay and durations not negative");
        }
        if (maxTracked < 1) {
            throw new IllegalArgumentException("maxTracked must be positive");
        }
    }

    public static AuthFailureSettings from(SettingValues values) {
        return new AuthFailureSettings(values.get(SLOW_AFTER), values.get(SLOW_DELAY), values.get(REFUSE_AFTER),
                values.get(REFUSE_DURATION), values.get(BAN_AFTER), values.get(BAN_USERNAMES), values.get(WINDOW),
                values.get(BAN_DURATION), values.get(TRUSTED_ADDRESSES), values.get(MAX_TRACKED));
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
