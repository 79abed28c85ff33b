package io.telcred.sip.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless digest nonces that every node sharing the secret accepts (RFC 7616 §3.3 suggests a
 * nonce of a timestamp and a keyed hash; Kamailio's auth module does the same with its shared
 * {@code secret}). Nothing is stored per nonce, so issuing one costs no memory, which matters
 * because anyone may ask for a challenge.
 *
 * <p>A nonce is the unpadded base64url text of 32 bytes: an 8-byte issue time in epoch
 * milliseconds, 8 random bytes (two nonces issued in the same millisecond still differ, which the
 * {@code nc} replay check relies on), and the first 16 bytes of an HMAC-SHA256 over those 16 bytes.
 * Replay of a (nonce, nc) pair is {@link NonceCounts}' job, not this class's.
 *
 * <p>Thread-safe, and neither blocks nor does I/O after construction.
 */
public final class NonceService {

    /** How long a nonce is accepted before it is answered with {@code stale=true} (Kamailio: 300 s). */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
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

    private static final int TIME_BYTES = 8;
    private static final int RANDOM_BYTES = 8;
    private static final int PAYLOAD_BYTES = TIME_BYTES + RANDOM_BYTES;
    private static final int MAC_BYTES = 16;
    private static final String MAC_ALGORITHM = "HmacSHA256";
    /** Binds the MAC to this use, should the secret ever also key something else. */
    private static final byte[] CONTEXT = "telcred sip digest nonce v1".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;
    private final long lifetimeMillis;
    private final Duration lifetime;
    private final SecureRandom random;
    private final ThreadLocal<Mac> macs;

    public NonceService(byte[] secret, Clock clock) {
        this(secret, clock, DEFAULT_LIFETIME);
    }

    public NonceService(byte[] secret, Clock clock, Duration lifetime) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the nonce secret must have at least " + MIN_SECRET_BYTES + " bytes");
        }
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("the nonce lifetime must be positive and at most " + MAX_LIFETIME);
        }
        this.key = new SecretKeySpec(secret.clone(), MAC_ALGORITHM);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lifetime = lifetime;
        this.lifetimeMillis = lifetime.toMillis();
        this.random = seededRandom();
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac(); // fail now, not on the first request, if the JDK lacks HMAC-SHA256
    }

    /** A fresh nonce for a challenge. */
    public String issue() {
        byte[] token = new byte[PAYLOAD_BYTES + MAC_BYTES];
        ByteBuffer.wrap(token).putLong(clock.millis());
        byte[] randomPart = new byte[RANDOM_BYTES];
        random.nextBytes(randomPart);
        System.arraycopy(randomPart, 0, token, TIME_BYTES, RANDOM_BYTES);
        System.arraycopy(mac(token), 0, token, PAYLOAD_BYTES, MAC_BYTES);
        return ENCODER.encodeToString(token);
    }

    /** Whether a nonce a client sent back is ours, and still fresh. Never throws. */
    public NonceState check(String nonce) {
        if (nonce == null || nonce.length() != NONCE_LENGTH) {
            return NonceState.INVALID;
        }
        byte[] token;
        try {
            token = DECODER.decode(nonce);
        } catch (IllegalArgumentException notBase64url) {
            return NonceState.INVALID;
        }
        // The decoder ignores the unused low bits of the last character: insist on the one
        // spelling we issue, so that a nonce has exactly one text (replay state is keyed by it).
        if (token.length != PAYLOAD_BYTES + MAC_BYTES || !ENCODER.encodeToString(token).equals(nonce)) {
            return NonceState.INVALID;
        }
        byte[] expected = Arrays.copyOf(mac(token), MAC_BYTES);
        byte[] presented = Arrays.copyOfRange(token, PAYLOAD_BYTES, PAYLOAD_BYTES + MAC_BYTES);
        if (!MessageDigest.isEqual(expected, presented)) {
            return NonceState.INVALID;
        }
        long issuedAt = ByteBuffer.wrap(token).getLong();
        long age = clock.millis() - issuedAt;
        if (age < -MAX_FUTURE_SKEW.toMillis()) {
            return NonceState.INVALID;
        }
        return age > lifetimeMillis ? NonceState.STALE : NonceState.VALID;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** The MAC over the token's first {@value #PAYLOAD_BYTES} bytes (full 32 bytes; callers truncate). */
    private byte[] mac(byte[] token) {
        Mac mac = macs.get();
        mac.update(CONTEXT);
        mac.update(token, 0, PAYLOAD_BYTES);
        return mac.doFinal();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(MAC_ALGORITHM + " is not available", e);
        }
    }

    /**
     * A DRBG seeded now, at wiring time: later calls are pure computation, so issuing a nonce on an
     * event loop never waits for the operating system's entropy source.
     */
    private static SecureRandom seededRandom() {
        SecureRandom random;
        try {
            random = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            random = new SecureRandom();
        }
        random.nextBytes(new byte[1]);
        return random;
    }
}
