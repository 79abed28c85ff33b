package io.telcred.user;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.time.Duration;
import java.util.Optional;

/**
 * The portal's users: the first one, passwords, sessions, invitations and how sign-in failures are
 * slowed and then locked out.
 *
 * @param bootstrapEmail       the first user's e-mail, made an owner of the default account on a start that finds no user
 * @param bootstrapPassword    that user's password
 * @param minPasswordLength    shortest password a user may choose
 * @param sessionLifetime      how long a sign-in lasts
 * @param inviteLifetime       how long an invitation's link can be used
 * @param slowAfterFailures    failed sign-ins of one e-mail within the window after which each answer is delayed
 * @param slowDelay            that delay
 * @param lockAfterFailures    failed sign-ins of one e-mail within the window that lock it
 * @param addressLockAfter     failed sign-ins from one address within the window that lock the address
 * @param window               how far back failures count
 * @param lockDuration         how long a lock lasts
 */
public record UserSettings(Optional<String> bootstrapEmail, Optional<String> bootstrapPassword, int minPasswordLength,
                           Duration sessionLifetime, Duration inviteLifetime, int slowAfterFailures, Duration slowDelay,
                           int lockAfterFailures, int addressLockAfter, Duration window, Duration lockDuration) {

    public static final Setting<Optional<String>> BOOTSTRAP_EMAIL = Setting.optional("TELCRED_BOOTSTRAP_EMAIL",
            "on a start that finds no portal user: the e-mail of the first one, an owner of the default account");
    public static final Setting<Optional<String>> BOOTSTRAP_PASSWORD = Setting.optional("TELCRED_BOOTSTRAP_PASSWORD",
            "that user's password (at least `TELCRED_PORTAL_MIN_PASSWORD_LENGTH` characters)");
    public static final Setting<Integer> MIN_PASSWORD_LENGTH = Setting.integer("TELCRED_PORTAL_MIN_PASSWORD_LENGTH", 12, 8,
            128, "shortest portal password a user may choose");
    public static final Setting<Duration> SESSION_LIFETIME = Setting.seconds("TELCRED_PORTAL_SESSION_SECONDS", 43_200, 60,
            30 * 86_400, "how long a portal sign-in lasts");
    public static final Setting<Duration> INVITE_LIFETIME = Setting.seconds("TELCRED_PORTAL_INVITE_SECONDS", 259_200, 60,
            30 * 86_400, "how long the link of an invitation to the portal can be used");
    public static final Setting<Integer> SLOW_AFTER = Setting.integer("TELCRED_PORTAL_SIGNIN_SLOW_AFTER", 3, 1, 1_000,
            "failed portal sign-ins of one e-mail within the window after which each answer is delayed");
    public static final Setting<Duration> SLOW_DELAY = Setting.millis("TELCRED_PORTAL_SIGNIN_SLOW_DELAY_MS", 1_000, 0,
            10_000, "that delay");
    public static final Setting<Integer> LOCK_AFTER = Setting.integer("TELCRED_PORTAL_SIGNIN_LOCK_AFTER", 10, 1, 1_000,
            "failed portal sign-ins of one e-mail within the window that lock that e-mail out for the lock time");
    public static final Setting<Integer> ADDRESS_LOCK_AFTER = Setting.integer("TELCRED_PORTAL_SIGNIN_ADDRESS_LOCK_AFTER",
            30, 1, 10_000, "failed portal sign-ins from one address within the window that lock that address out");
    public static final Setting<Duration> WINDOW = Setting.seconds("TELCRED_PORTAL_SIGNIN_WINDOW_SECONDS", 900, 1, 86_400,
            "the window portal sign-in failures are counted over");
    public static final Setting<Duration> LOCK_DURATION = Setting.seconds("TELCRED_PORTAL_SIGNIN_LOCK_SECONDS", 900, 1,
            86_400, "how long a portal sign-in lock lasts");

    public static UserSettings from(SettingValues values) {
        return new UserSettings(values.get(BOOTSTRAP_EMAIL), values.get(BOOTSTRAP_PASSWORD), values.get(MIN_PASSWORD_LENGTH),
                values.get(SESSION_LIFETIME), values.get(INVITE_LIFETIME), values.get(SLOW_AFTER), values.get(SLOW_DELAY),
                values.get(LOCK_AFTER), values.get(ADDRESS_LOCK_AFTER), values.get(WINDOW), values.get(LOCK_DURATION));
    }

    public static UserSettings defaults() {
        return from(SettingValues.DEFAULTS);
    }

    /** Leaves out the bootstrap password. */
    @Override
    public String toString() {
        return "UserSettings[bootstrapEmail=" + bootstrapEmail.orElse("") + ", minPasswordLength=" + minPasswordLength + "]";
    }
}
