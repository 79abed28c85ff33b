package io.telcred.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.telcred.common.Cidr;
import io.telcred.crypto.Hashes;
import io.telcred.event.DomainEvent;
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
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brute-force protection that does not lock out an office. Several phones and browsers share one
 * address behind NAT, so a wrong password counts against the pair of that address and that user
 * name only: after a few failures its answers are slowed, after more the pair is refused with a
 * final 403 for a while (a client that retries at once stops), and every other user behind the
 * address is untouched. Only what a scanner does bans the whole address, in the spirit of
 * fail2ban and Kamailio's pike: failures for user names that do not exist, or failures for many
 * distinct user names, within a sliding window.
 *
 * <p>Only {@link DigestAuthenticator} asks and tells it. It asks as a request comes: BAN means
 * the door drops it silently (UDP) or answers 403; REFUSE means a final 403 without looking at the
 * password; DELAY means the answer goes out after the verdict's delay, scheduled, never slept. It
 * reports each judged answer with {@link #failed} or {@link #succeeded}. A failure is an answer
 * the directory judged: a wrong password or an unknown user name. Nothing else tests a password,
 * so nothing else counts: not the unauthenticated first request of every handshake, not a stale or
 * foreign nonce or a replayed nc, not a right password of an inactive credential.
 *
 * <p>Decisions worth knowing:
 * <ul>
 *   <li>Known and unknown user names are slowed and refused alike, pair by pair, so that the
 *       answers do not tell which names exist.</li>
 *   <li>A success forgives the pair's failures (the person fixed the password), but not the
 *       address's counts towards a ban: holding one valid credential does not launder guesses.</li>
 *   <li>A ban or a refusal ends with a clean slate; failures while it lasts are not counted.</li>
 *   <li>IPv6 sources are counted per /64 ({@value #IPV6_SOURCE_PREFIX} bits): one subscriber gets
 *       at least a /64 and can rotate through its addresses at will. Trust is judged on the full
 *       address.</li>
 *   <li>User names are kept only as salted 64-bit digests: an attacker's strings never sit in
 *       memory, and no one can choose names that collide.</li>
 *   <li>Trusted networks are never slowed, refused, banned or even tracked.</li>
 *   <li>In a cluster, every failure and success is also counted where all nodes count
 *       ({@link SharedFailures}), and a ban or refusal decided there is applied here when its
 *       event comes ({@link #heard}); the verdicts are still this node's alone, read from memory.
 *       The slowing stays per node.</li>
 *   <li>At most {@code maxTracked} addresses, and as many pairs, are remembered; beyond that the
 *       least useful are forgotten, so a flood of random names and addresses costs bounded
 *       memory (and may forget some counts, never wrongly refuse anyone). Each entry expires once
 *       its window and its ban or refusal are over.</li>
 * </ul>
 *
 * <p>Thread-safe; never blocks on I/O (Caffeine's maintenance runs on the calling thread).
 */
public final class AuthFailureLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(AuthFailureLimiter.class);

    /** IPv6 sources sharing this many leading bits are one source. */
    public static final int IPV6_SOURCE_PREFIX = 64;

    public enum Action {
        /** Judge the request normally. */
        ALLOW,
        /** Judge it, but hold the answer back by the verdict's delay. */
        DELAY,
        /** Answer a final 403 without judging: this user has failed from this address too often. */
        REFUSE,
        /** Drop it silently or answer 403: the address scanned. */
        BAN
    }

    /** @param delay how long to hold the answer (DELAY), how long the refusal or ban still lasts, or zero */
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
    private final byte[] usernameSalt;
    private final SharedFailures shared;
    private final Cache<SourceKey, SourceRecord> sources;
    private final Cache<PairKey, PairRecord> pairs;
    private final LongAdder bans = new LongAdder();

    /** A single node's limiter, with a salt of its own. */
    public AuthFailureLimiter(AuthFailureSettings settings, Clock clock) {
        this(settings, clock, randomSalt(), SharedFailures.NONE);
    }

    /** A limiter that also counts with the other nodes; {@code usernameSalt} is the same on every node. */
    public AuthFailureLimiter(AuthFailureSettings settings, Clock clock, byte[] usernameSalt, SharedFailures shared) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.trusted = settings.trustedCidrs().stream().map(Cidr::parse).toList();
        this.windowMillis = settings.window().toMillis();
        this.usernameSalt = usernameSalt.clone();
        this.shared = shared;
        this.sources = cache(record -> record.bannedUntil);
        this.pairs = cache(record -> record.refusedUntil);
    }

    private static byte[] randomSalt() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return salt;
    }

    /** What to do with anything from this source, before its credentials are read: BAN or ALLOW. */
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
            return record.bannedUntil > now ? new Verdict(Action.BAN, Duration.ofMillis(record.bannedUntil - now))
                    : Verdict.ALLOWED;
        }
    }

    /** What to do with an answer for {@code username} from this source, before judging it. */
    public Verdict verdict(InetAddress source, String username) {
        Verdict forSource = verdict(source);
        if (forSource.action() != Action.ALLOW || isTrusted(source)) {
            return forSource;
        }
        PairRecord record = pairs.getIfPresent(PairKey.of(source, digest(username)));
        if (record == null) {
            return Verdict.ALLOWED;
        }
        long now = clock.millis();
        synchronized (record) {
            if (record.refusedUntil > now) {
                return new Verdict(Action.REFUSE, Duration.ofMillis(record.refusedUntil - now));
            }
            int slowAfter = settings.slowAfterFailures();
            if (slowAfter > 0 && !settings.slowDelay().isZero()
                    && record.failures.since(now - windowMillis) >= slowAfter) {
                return new Verdict(Action.DELAY, settings.slowDelay());
            }
            return Verdict.ALLOWED;
        }
    }

    /**
     * Counts a failed authentication.
     *
     * @param username    the user name the request presented
     * @param unknownUser true if no such user name exists: the source may be scanning
     */
    public void failed(InetAddress source, String username, boolean unknownUser) {
        if (isTrusted(source)) {
            return;
        }
        long now = clock.millis();
        long windowStart = now - windowMillis;
        long user = digest(username);
        SourceKey sourceKey = SourceKey.of(source);
        boolean[] banned = {false};
        sources.asMap().compute(sourceKey, (key, existing) -> {
            SourceRecord record = existing != null ? existing : new SourceRecord(settings);
            synchronized (record) {
                banned[0] = record.bannedUntil > now;
                if (!banned[0] && record.fail(user, unknownUser, now, windowStart, settings)) {
                    banned[0] = true;
                    bans.increment();
                }
            }
            return record;
        });
        shared.failed(sourceKey.text(), Long.toHexString(user), unknownUser);
        if (banned[0]) {
            return;
        }
        pairs.asMap().compute(new PairKey(sourceKey, user), (key, existing) -> {
            PairRecord record = existing != null ? existing : new PairRecord(settings);
            synchronized (record) {
                record.fail(now, windowStart, settings);
            }
            return record;
        });
    }

    /** A ban or a refusal the nodes of a cluster decided together; other events are not the limiter's. */
    public void heard(DomainEvent event) {
        try {
            if (event instanceof DomainEvent.SourceBanned banned) {
                sources.asMap().compute(SourceKey.parse(banned.source()), (key, existing) -> {
                    SourceRecord record = existing != null ? existing : new SourceRecord(settings);
                    synchronized (record) {
                        record.ban(banned.untilMillis());
                    }
                    return record;
                });
            } else if (event instanceof DomainEvent.PairRefused refused) {
                PairKey key = new PairKey(SourceKey.parse(refused.source()), Long.parseUnsignedLong(refused.user(), 16));
                pairs.asMap().compute(key, (k, existing) -> {
                    PairRecord record = existing != null ? existing : new PairRecord(settings);
                    synchronized (record) {
                        record.refuse(refused.untilMillis());
                    }
                    return record;
                });
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("ignored a ban from another node that names no source or user: {}", e.getMessage());
        }
    }

    /** Counts a successful authentication: forgives the pair's failures, not the source's (see the class comment). */
    public void succeeded(InetAddress source, String username) {
        if (isTrusted(source)) {
            return;
        }
        long user = digest(username);
        shared.succeeded(SourceKey.of(source).text(), Long.toHexString(user));
        pairs.asMap().computeIfPresent(PairKey.of(source, user), (key, record) -> {
            synchronized (record) {
                record.failures.forgive();
            }
            return record;
        });
    }

    public boolean banned(InetAddress source) {
        return verdict(source).action() == Action.BAN;
    }

    /** Sources banned since the start, for metrics. */
    public long bans() {
        return bans.sum();
    }

    /** How many sources and user-and-source pairs are remembered now, after dropping expired ones. */
    public int tracked() {
        sources.cleanUp();
        pairs.cleanUp();
        return (int) (sources.estimatedSize() + pairs.estimatedSize());
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
        sha256.update(username == null ? new byte[0] : username.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(sha256.digest()).getLong();
    }

    private <K, V extends Counted> Cache<K, V> cache(ToLongFunction<V> lockedUntil) {
        return Caffeine.newBuilder()
                .maximumSize(settings.maxTracked())
                .expireAfter(new UntilWindowAndLockAreOver<K, V>(lockedUntil))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
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

        /** As {@link SharedFailures} names it: {@code 4:} or {@code 6:}, then the bits in hexadecimal. */
        String text() {
            return (ipv6 ? "6:" : "4:") + Long.toHexString(bits);
        }

        static SourceKey parse(String text) {
            if (text == null || !(text.startsWith("4:") || text.startsWith("6:"))) {
                throw new IllegalArgumentException("not a source: " + text);
            }
            return new SourceKey(text.startsWith("6:"), Long.parseUnsignedLong(text.substring(2), 16));
        }
    }

    /** A user name, as its salted digest, from a source. */
    private record PairKey(SourceKey source, long user) {

        static PairKey of(InetAddress address, long user) {
            return new PairKey(SourceKey.of(address), user);
        }
    }

    /** A record whose entry may go once its failures are out of the window and its ban or refusal is over. */
    private interface Counted {
        long lastFailure();
    }

    private final class UntilWindowAndLockAreOver<K, V extends Counted> implements Expiry<K, V> {

        private final ToLongFunction<V> lockedUntil;

        UntilWindowAndLockAreOver(ToLongFunction<V> lockedUntil) {
            this.lockedUntil = lockedUntil;
        }

        @Override
        public long expireAfterCreate(K key, V record, long currentTime) {
            return remaining(record, currentTime);
        }

        @Override
        public long expireAfterUpdate(K key, V record, long currentTime, long currentDuration) {
            return remaining(record, currentTime);
        }

        @Override
        public long expireAfterRead(K key, V record, long currentTime, long currentDuration) {
            return currentDuration;
        }

        private long remaining(V record, long currentTime) {
            long now = TimeUnit.NANOSECONDS.toMillis(currentTime);
            long until;
            synchronized (record) {
                until = Math.max(lockedUntil.applyAsLong(record), record.lastFailure() + windowMillis);
            }
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, until - now));
        }
    }

    /**
     * One source's signs of a scan: its failures for unknown user names, and the distinct user
     * names that failed from it within the window. Guarded by its own monitor, held for a few
     * array steps.
     */
    private static final class SourceRecord implements Counted {

        private final FailureTimes unknownFailures;
        private final int maxUsernames;
        /** Allocated at the first failure: most sources never fail. */
        private long[] usernameDigests;
        private long[] usernameTimes;
        private int usernames;
        private long lastFailure;
        private long bannedUntil;

        SourceRecord(AuthFailureSettings settings) {
            unknownFailures = new FailureTimes(settings.banAfterFailures());
            maxUsernames = Math.max(1, settings.banAfterDistinctUsernames());
        }

        /** Counts a failure; true when it bans the source. */
        boolean fail(long user, boolean unknownUser, long now, long windowStart, AuthFailureSettings settings) {
            lastFailure = now;
            if (unknownUser) {
                unknownFailures.add(now);
            }
            int distinct = addUsername(user, now, windowStart);
            boolean tooManyUnknown = settings.banAfterFailures() > 0
                    && unknownFailures.since(windowStart) >= settings.banAfterFailures();
            boolean tooManyNames = settings.banAfterDistinctUsernames() > 0 && distinct >= settings.banAfterDistinctUsernames();
            if (tooManyUnknown || tooManyNames) {
                bannedUntil = now + settings.banDuration().toMillis();
                unknownFailures.forgive();
                usernames = 0;
                return true;
            }
            return false;
        }

        /** Banned by the nodes together: as a ban of its own, with a clean slate. */
        void ban(long until) {
            bannedUntil = Math.max(bannedUntil, until);
            unknownFailures.forgive();
            usernames = 0;
        }

        @Override
        public long lastFailure() {
            return lastFailure;
        }

        /** Remembers a failing user name; returns how many distinct ones the window now holds. */
        private int addUsername(long digest, long now, long windowStart) {
            if (usernameDigests == null) {
                usernameDigests = new long[maxUsernames];
                usernameTimes = new long[maxUsernames];
            }
            int kept = 0;
            for (int i = 0; i < usernames; i++) {
                if (usernameTimes[i] > windowStart) {
                    usernameDigests[kept] = usernameDigests[i];
                    usernameTimes[kept] = usernameTimes[i];
                    kept++;
                }
            }
            usernames = kept;
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
    }

    /** One user name's failures from one source, and its refusal. Guarded by its own monitor. */
    private static final class PairRecord implements Counted {

        private final FailureTimes failures;
        private long refusedUntil;

        PairRecord(AuthFailureSettings settings) {
            failures = new FailureTimes(Math.max(settings.slowAfterFailures(), settings.refuseAfterFailures()));
        }

        void fail(long now, long windowStart, AuthFailureSettings settings) {
            if (refusedUntil > now) {
                return;
            }
            failures.add(now);
            if (settings.refuseAfterFailures() > 0 && failures.since(windowStart) >= settings.refuseAfterFailures()) {
                refusedUntil = now + settings.refuseDuration().toMillis();
                failures.forgive();
            }
        }

        void refuse(long until) {
            refusedUntil = Math.max(refusedUntil, until);
            failures.forgive();
        }

        @Override
        public long lastFailure() {
            return failures.last();
        }
    }
}
