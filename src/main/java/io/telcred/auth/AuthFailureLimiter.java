package io.telcred.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.telcred.common.Cidr;
import io.telcred.crypto.Hashes;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Brute-force protection per source address, in the spirit of fail2ban in front of Asterisk or
 * Kamailio's pike and htable: count failed authentications in a sliding window, slow a source down,
 * then ban it for a while.
 *
 * <p>Only {@link DigestAuthenticator} asks and tells it. It asks {@link #verdict} as a request
 * comes: BAN means the door drops it silently (UDP) or answers 403; DELAY means the answer goes
 * out after {@link Verdict#delay()}, scheduled, never slept. It reports each outcome with
 * {@link #failed} or {@link #succeeded}. A failure is a response the directory judged: a wrong password
 * (WRONG_SECRET) or an unknown username (UNKNOWN). Nothing else tests a password, so nothing else
 * counts: not the unauthenticated first request of every handshake, not a stale or foreign nonce
 * or a replayed nc (they only earn a new challenge; after a restart with a new secret every phone
 * sends one), and not a right password of an inactive credential (NOT_ALLOWED, refused with 403).
 *
 * <p>Decisions worth knowing:
 * <ul>
 *   <li>A success lifts the slow-down (its earlier failures no longer delay anything: the person
 *       fixed the password, their calls should not wait) but neither a ban nor the count towards
 *       one, so an attacker who holds one valid credential cannot launder guesses by logging in
 *       between them.</li>
 *   <li>A ban ends after {@code banDuration} with a clean slate; failures from a banned source
 *       are not counted (it should not be heard at all).</li>
 *   <li>IPv6 sources are counted per /64 ({@value #IPV6_SOURCE_PREFIX} bits): one subscriber gets
 *       at least a /64 and can rotate through its addresses at will. Trust is judged on the full
 *       address.</li>
 *   <li>Trusted networks are never slowed, banned or even tracked.</li>
 *   <li>At most {@code maxTrackedSources} sources are remembered; beyond that Caffeine drops the
 *       least useful ones, so a flood from a botnet costs bounded memory (and may forget some
 *       counts, never wrongly ban anyone). Each entry expires once its window and ban are over.</li>
 * </ul>
 *
 * <p>Thread-safe; never blocks on I/O (Caffeine's maintenance runs on the calling thread).
 */
public final class AuthFailureLimiter {

    /** IPv6 sources sharing this many leading bits are one source. */
    public static final int IPV6_SOURCE_PREFIX = 64;

    public enum Action {
        /** Handle the request normally. */
        ALLOW,
        /** Handle it, but hold the answer back by the verdict's delay. */
        DELAY,
        /** Drop it silently or answer 403; the verdict's delay is how long the ban still lasts. */
        BAN
    }

    /** @param delay how long to hold the answer (DELAY), how long the ban lasts still (BAN), or zero (ALLOW) */
    public record Verdict(Action action, Duration delay) {

        public static final Verdict ALLOWED = new Verdict(Action.ALLOW, Duration.ZERO);

        public Verdict {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(delay, "delay");
        }
    }

    private final AuthFailureSettings settings;
    private final Clock clock;
    private final List<Cidr> trusted;
    private final long windowMillis;
    private final byte[] usernameSalt = new byte[16];
    private final Cache<SourceKey, SourceRecord> sources;

    public AuthFailureLimiter(AuthFailureSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.trusted = settings.trustedCidrs().stream().map(Cidr::parse).toList();
        this.windowMillis = settings.window().toMillis();
        // Unknown usernames are kept only as salted 64-bit digests: an attacker's strings never sit
        // in memory, and no one can choose names that collide to dodge the distinct-name count.
        new SecureRandom().nextBytes(usernameSalt);
        this.sources = Caffeine.newBuilder()
                .maximumSize(settings.maxTrackedSources())
                .expireAfter(new UntilWindowAndBanAreOver())
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
    }

    /** What to do with a request from this source before looking at its credentials. */
    public Verdict verdict(InetAddress source) {
        if (isTrusted(source)) {
            return Verdict.ALLOWED;
        }
        SourceRecord record = sources.getIfPresent(SourceKey.of(source));
        if (record == null) {
            return Verdict.ALLOWED;
        }
        long now = clock.millis();
        synchronized (record) {
            if (record.bannedUntil > now) {
                return new Verdict(Action.BAN, Duration.ofMillis(record.bannedUntil - now));
            }
            int slowAfter = settings.slowAfterFailures();
            if (slowAfter > 0 && !settings.slowDelay().isZero()
                    && record.failuresSince(now - windowMillis, record.forgivenBefore) >= slowAfter) {
                return new Verdict(Action.DELAY, settings.slowDelay());
            }
            return Verdict.ALLOWED;
        }
    }

    /**
     * Counts a failed authentication.
     *
     * @param username    the username the request presented, or null if none could be read
     * @param unknownUser true if no such username exists; distinct unknown names betray a scan
     */
    public void failed(InetAddress source, String username, boolean unknownUser) {
        if (isTrusted(source)) {
            return;
        }
        long now = clock.millis();
        long windowStart = now - windowMillis;
        Long usernameDigest = unknownUser && username != null ? digest(username) : null;
        sources.asMap().compute(SourceKey.of(source), (key, existing) -> {
            SourceRecord record = existing != null ? existing : new SourceRecord(settings);
            synchronized (record) {
                if (record.bannedUntil > now) {
                    return record;
                }
                record.addFailure(now);
                int distinct = usernameDigest == null ? record.distinctUnknownSince(windowStart)
                        : record.addUnknownUsername(usernameDigest, now, windowStart);
                boolean tooManyFailures = settings.banAfterFailures() > 0
                        && record.failuresSince(windowStart, 0) >= settings.banAfterFailures();
                boolean tooManyNames = settings.banAfterDistinctUsernames() > 0
                        && distinct >= settings.banAfterDistinctUsernames();
                if (tooManyFailures || tooManyNames) {
                    record.ban(now + settings.banDuration().toMillis());
                }
            }
            return record;
        });
    }

    /** Counts a successful authentication: lifts the slow-down, not a ban (see the class comment). */
    public void succeeded(InetAddress source) {
        if (isTrusted(source)) {
            return;
        }
        sources.asMap().computeIfPresent(SourceKey.of(source), (key, record) -> {
            synchronized (record) {
                record.forgivenBefore = record.totalFailures;
            }
            return record;
        });
    }

    public boolean banned(InetAddress source) {
        return verdict(source).action() == Action.BAN;
    }

    /** How many sources are remembered now, after dropping expired ones. */
    public int trackedSources() {
        sources.cleanUp();
        return (int) sources.estimatedSize();
    }

    private boolean isTrusted(InetAddress source) {
        Objects.requireNonNull(source, "source");
        for (Cidr network : trusted) {
            if (network.contains(source)) {
                return true;
            }
        }
        return false;
    }

    private long digest(String username) {
        MessageDigest sha256 = Hashes.sha256();
        sha256.update(usernameSalt);
        sha256.update(username.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(sha256.digest()).getLong();
    }

    /** An IPv4 address, or the /64 an IPv6 address is in. */
    private record SourceKey(boolean ipv6, long bits) {

        static SourceKey of(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (address instanceof Inet6Address) {
                return new SourceKey(true, ByteBuffer.wrap(bytes, 0, IPV6_SOURCE_PREFIX / 8).getLong());
            }
            return new SourceKey(false, ByteBuffer.wrap(bytes).getInt() & 0xffffffffL);
        }
    }

    /** Keep an entry as long as its failures can still count or its ban lasts, and no longer. */
    private final class UntilWindowAndBanAreOver implements Expiry<SourceKey, SourceRecord> {

        @Override
        public long expireAfterCreate(SourceKey key, SourceRecord record, long currentTime) {
            return remaining(record, currentTime);
        }

        @Override
        public long expireAfterUpdate(SourceKey key, SourceRecord record, long currentTime, long currentDuration) {
            return remaining(record, currentTime);
        }

        @Override
        public long expireAfterRead(SourceKey key, SourceRecord record, long currentTime, long currentDuration) {
            return currentDuration;
        }

        private long remaining(SourceRecord record, long currentTime) {
            long now = TimeUnit.NANOSECONDS.toMillis(currentTime);
            long until;
            synchronized (record) {
                until = Math.max(record.bannedUntil, record.lastFailure + windowMillis);
            }
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, until - now));
        }
    }

    /**
     * One source's recent failures: the times of the last few (a ring as long as the larger
     * threshold, which is all a decision needs), the unknown usernames seen within the window, and
     * the ban. Guarded by its own monitor; held only for a few array steps.
     */
    private static final class SourceRecord {

        private final long[] failureTimes;
        private final int maxUsernames;
        /** Allocated at the first unknown username: most sources never send one. */
        private long[] usernameDigests;
        private long[] usernameTimes;
        private int usernames;
        /** Failures ever counted; the ring holds the last {@code failureTimes.length} of them. */
        private long totalFailures;
        /** Failures numbered below this were followed by a success and no longer slow the source. */
        private long forgivenBefore;
        private long lastFailure;
        private long bannedUntil;

        SourceRecord(AuthFailureSettings settings) {
            failureTimes = new long[Math.max(1, Math.max(settings.slowAfterFailures(), settings.banAfterFailures()))];
            maxUsernames = settings.banAfterDistinctUsernames();
        }

        void addFailure(long now) {
            failureTimes[(int) (totalFailures % failureTimes.length)] = now;
            totalFailures++;
            lastFailure = now;
        }

        /** Failures after windowStart and numbered at least firstCounted, newest first until one is too old. */
        int failuresSince(long windowStart, long firstCounted) {
            int counted = 0;
            long oldestKept = Math.max(0, totalFailures - failureTimes.length);
            for (long n = totalFailures - 1; n >= Math.max(oldestKept, firstCounted); n--) {
                if (failureTimes[(int) (n % failureTimes.length)] <= windowStart) {
                    break;
                }
                counted++;
            }
            return counted;
        }

        /** Remembers an unknown username; returns how many distinct ones the window now holds. */
        int addUnknownUsername(long digest, long now, long windowStart) {
            if (usernameDigests == null) {
                usernameDigests = new long[maxUsernames];
                usernameTimes = new long[maxUsernames];
            }
            distinctUnknownSince(windowStart);
            for (int i = 0; i < usernames; i++) {
                if (usernameDigests[i] == digest) {
                    usernameTimes[i] = now;
                    return usernames;
                }
            }
            if (usernames < usernameDigests.length) {
                usernameDigests[usernames] = digest;
                usernameTimes[usernames] = now;
                usernames++;
            }
            return usernames;
        }

        /** Forgets unknown usernames last seen before the window; returns how many remain. */
        int distinctUnknownSince(long windowStart) {
            int kept = 0;
            for (int i = 0; i < usernames; i++) {
                if (usernameTimes[i] > windowStart) {
                    usernameDigests[kept] = usernameDigests[i];
                    usernameTimes[kept] = usernameTimes[i];
                    kept++;
                }
            }
            usernames = kept;
            return kept;
        }

        /** Bans until the given time and starts a clean slate for afterwards. */
        void ban(long until) {
            bannedUntil = until;
            usernames = 0;
            forgivenBefore = totalFailures;
            // Failures before the ban no longer count towards the next one.
            for (int i = 0; i < failureTimes.length; i++) {
                failureTimes[i] = Long.MIN_VALUE;
            }
        }
    }
}
