package io.telcred.auth;

import io.telcred.crypto.Macs;
import io.telcred.crypto.RandomStrings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless digest nonces that every node sharing the secret accepts (RFC 7616 §3.3 suggests a
 * nonce of a timestamp and a keyed hash; Kamailio's auth module does the same with its shared
 * {@code secret}). Nothing is stored per nonce, so issuing one costs no memory, which matters
 * because anyone may ask for a challenge.
 *
 * <p>A nonce is the unpadded base64url text of 32 bytes: a 6-byte issue time in epoch
 * milliseconds (enough for 8,000 years), the 4-byte tag of the node that issued it, 6 random bytes
 * (two nonces issued in the same millisecond still differ, which the {@code nc} replay check relies
 * on), and the first 16 bytes of an HMAC-SHA256 over those 16 bytes. Replay of a (nonce, nc) pair
 * is {@link NonceCounts}' job, not this class's, and each node keeps its own counts: so a node
 * answers a genuine nonce of another node as {@link NonceState#STALE}, and the client retries at
 * once with one of this node's, without asking its user.
 *
 * <p>Thread-safe. Each thread keeps its own MAC and buffers, so issuing and checking allocate
 * only the nonce text, and neither blocks nor does I/O once the thread's random generator is
 * seeded (at its first use; see {@link RandomStrings}).
 */
public final class NonceService {

    /**
     * Longest lifetime allowed: a nonce is a bearer of replay risk for its whole life, and
     * {@link NonceCounts} must remember it that long.
     */
    public static final Duration MAX_LIFETIME = Duration.ofHours(1);
    /**
     * How far in the future a nonce's issue time may be, for nodes whose clocks differ a little
     * (Kamailio's {@code nonce_auth_max_drift} is 3 s). Beyond this it is INVALID, so that a clock
     * stepped backwards cannot make old nonces live longer than their lifetime.
     */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofSeconds(5);
    /** The shared secret must carry at least the HMAC-SHA256 key strength. */
    public static final int MIN_SECRET_BYTES = 32;
    /** Length of every nonce this class issues; anything else is refused before decoding. */
    public static final int NONCE_LENGTH = 43;

    private static final int TIME_BYTES = 6;
    private static final int NODE_BYTES = 4;
    private static final int RANDOM_BYTES = 6;
    private static final int PAYLOAD_BYTES = TIME_BYTES + NODE_BYTES + RANDOM_BYTES;
    private static final int MAC_BYTES = 16;
    private static final int TOKEN_BYTES = PAYLOAD_BYTES + MAC_BYTES;
    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final int MAC_OUTPUT_BYTES = 32;
    /** Binds the MAC to this use, should the secret ever also key something else. */
    private static final byte[] CONTEXT = "telcred sip digest nonce v1".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_FUTURE_SKEW_MILLIS = MAX_FUTURE_SKEW.toMillis();
    /** {@link #macBits} reads this many characters from this index on. */
    private static final int MAC_BITS_CHARACTERS = 11;
    private static final int MAC_BITS_FROM = 22;

    private final SecretKeySpec key;
    private final int nodeTag;
    private final Clock clock;
    private final long lifetimeMillis;
    private final Duration lifetime;
    private final ThreadLocal<Scratch> scratch;

    public NonceService(byte[] secret, Clock clock) {
        this(secret, 0, clock, DigestSettings.NONCE_LIFETIME.defaultValue());
    }

    /** @param nodeTag names this node in its nonces; every node of a cluster has its own */
    public NonceService(byte[] secret, int nodeTag, Clock clock, Duration lifetime) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the nonce secret must have at least " + MIN_SECRET_BYTES + " bytes");
        }
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("the nonce lifetime must be positive and at most " + MAX_LIFETIME);
        }
        this.key = new SecretKeySpec(secret.clone(), MAC_ALGORITHM);
        this.nodeTag = nodeTag;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lifetime = lifetime;
        this.lifetimeMillis = lifetime.toMillis();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(Macs.keyed(key)));
        Macs.keyed(key); // fail now, not on the first request, if the JDK lacks HMAC-SHA256
    }

    /** A fresh nonce for a challenge. */
    public String issue() {
        Scratch work = scratch.get();
        byte[] token = work.token;
        put(token, 0, TIME_BYTES, clock.millis());
        put(token, TIME_BYTES, NODE_BYTES, nodeTag);
        put(token, TIME_BYTES + NODE_BYTES, RANDOM_BYTES, RandomStrings.nextLong());
        work.computeMac();
        System.arraycopy(work.mac, 0, token, PAYLOAD_BYTES, MAC_BYTES);
        return Base64Url.encode(token, work.text);
    }

    /** Whether a nonce a client sent back is ours, and still fresh and this node's. Never throws. */
    public NonceState check(String nonce) {
        if (nonce == null || nonce.length() != NONCE_LENGTH) {
            return NonceState.INVALID;
        }
        Scratch work = scratch.get();
        byte[] token = work.token;
        // Strict decoding: one spelling per nonce (replay state is keyed by its text), so the unused
        // low bits of the last character must be zero, as we issue them.
        if (!Base64Url.decode(nonce, token)) {
            return NonceState.INVALID;
        }
        work.computeMac();
        if (!macMatches(work.mac, token)) {
            return NonceState.INVALID;
        }
        long age = clock.millis() - get(token, 0, TIME_BYTES);
        if (age < -MAX_FUTURE_SKEW_MILLIS) {
            return NonceState.INVALID;
        }
        boolean foreign = (int) get(token, TIME_BYTES, NODE_BYTES) != nodeTag;
        return age > lifetimeMillis || foreign ? NonceState.STALE : NonceState.VALID;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /**
     * 64 bits of the MAC of a nonce that {@link #check} found ours, read from its text: a key for
     * per-nonce state that no one without the secret can choose. 0 for a text that is not shaped
     * like a nonce, so a caller can refuse it (a real nonce with these bits zero, odds 1 in 2^64, is
     * refused too).
     */
    static long macBits(String nonce) {
        if (nonce == null || nonce.length() != NONCE_LENGTH) {
            return 0;
        }
        // Characters 22 to 32 hold bits 132 to 197 of the token, all inside the MAC (bits 128 to 255).
        return Base64Url.bits(nonce, MAC_BITS_FROM, MAC_BITS_CHARACTERS);
    }

    /** Compares the truncated MAC in time independent of where it differs. */
    private static boolean macMatches(byte[] expected, byte[] token) {
        int difference = 0;
        for (int i = 0; i < MAC_BYTES; i++) {
            difference |= expected[i] ^ token[PAYLOAD_BYTES + i];
        }
        return difference == 0;
    }

    /** The low {@code count} bytes of {@code value}, most significant first. */
    private static void put(byte[] bytes, int offset, int count, long value) {
        for (int i = count - 1; i >= 0; i--) {
            bytes[offset + i] = (byte) value;
            value >>>= 8;
        }
    }

    private static long get(byte[] bytes, int offset, int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }

    /** One thread's MAC and buffers; never shared, so never synchronized. */
    private static final class Scratch {

        private final Mac hmac;
        private final byte[] token = new byte[TOKEN_BYTES];
        private final byte[] mac = new byte[MAC_OUTPUT_BYTES];
        private final byte[] text = new byte[NONCE_LENGTH];

        Scratch(Mac hmac) {
            this.hmac = hmac;
        }

        /** The HMAC of the token's payload, all 32 bytes, into {@link #mac}. */
        void computeMac() {
            hmac.update(CONTEXT);
            hmac.update(token, 0, PAYLOAD_BYTES);
            try {
                hmac.doFinal(mac, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException(MAC_ALGORITHM + " gave more than " + MAC_OUTPUT_BYTES + " bytes", e);
            }
        }
    }
}
