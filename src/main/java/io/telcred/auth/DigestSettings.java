package io.telcred.auth;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How digest authentication challenges and remembers.
 *
 * @param offered          the challenges offered, in order; answers in either algorithm are
 *                         accepted whatever is offered
 * @param nonceLifetime    after this a nonce is answered {@code stale=true}
 * @param maxTrackedNonces nonces whose counts are remembered against replay; above it the oldest
 *                         are forgotten early, so size it above the authentications per lifetime
 */
public record DigestSettings(List<DigestAlgorithm> offered, Duration nonceLifetime, long maxTrackedNonces) {

    public static final Setting<List<DigestAlgorithm>> ALGORITHMS = Setting.of("TELCRED_SIP_DIGEST_ALGORITHMS", "MD5",
            DigestSettings::algorithms, "digest challenges offered, in order: `SHA-256,MD5` offers both (modern clients "
                    + "answer SHA-256), but SIPp 3.6 and baresip 1.0 give up on a SHA-256 challenge and SIP.js reads only "
                    + "the last one; answers in either algorithm are always accepted");
    public static final Setting<Optional<String>> NONCE_SECRET = Setting.optional("TELCRED_SIP_NONCE_SECRET",
            "base64 of 32 bytes that sign digest nonces; unset means a random one made on first start and kept in the "
                    + "database, sealed under the master key, so that every node has it");
    public static final Setting<Duration> NONCE_LIFETIME = Setting.seconds("TELCRED_SIP_NONCE_LIFETIME_SECONDS", 300, 10,
            (int) NonceService.MAX_LIFETIME.toSeconds(), "after this a nonce is answered with `stale=true`");
    /**
     * The default is enough for 10,000 authentications per second with the default 5-minute
     * lifetime: 3.05 million live, and up to twice that held as a generation ends. An entry held
     * takes 32 to 64 bytes (24 per slot, tables a power of two at most three quarters full;
     * bench/SipAuthBench.java measures about 42), so the table stays under 400 MB at the bound; it
     * only grows that far under that much traffic.
     */
    public static final Setting<Integer> MAX_TRACKED_NONCES = Setting.integer("TELCRED_SIP_MAX_TRACKED_NONCES", 6_500_000,
            1_000, 100_000_000, "nonces whose counts are remembered against replay (about 42 bytes each); keep it above "
                    + "twice the authentications per nonce lifetime");

    public DigestSettings {
        offered = List.copyOf(offered);
    }

    public static DigestSettings from(SettingValues values) {
        return new DigestSettings(values.get(ALGORITHMS), values.get(NONCE_LIFETIME), values.get(MAX_TRACKED_NONCES));
    }

    /** A comma-separated list of distinct algorithm names, at least one. */
    private static List<DigestAlgorithm> algorithms(String text) {
        List<DigestAlgorithm> algorithms = new ArrayList<>();
        for (String name : Setting.commaSeparated(text)) {
            DigestAlgorithm algorithm = DigestAlgorithm.named(name);
            if (algorithm == null || algorithms.contains(algorithm)) {
                algorithms.clear();
                break;
            }
            algorithms.add(algorithm);
        }
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("must list " + DigestAlgorithm.names() + ", comma-separated, is '" + text + "'");
        }
        return algorithms;
    }
}
