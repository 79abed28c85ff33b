package io.telcred.sip.node;

import io.telcred.crypto.Macs;
import io.telcred.sip.message.SipRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Requests that one node of a cluster passes on to another, which holds the callee's flow. The
 * sending node vouches for the caller, whom it authenticated, with a header
 * {@code X-Telcred-Node: ts=<seconds>;mac=<base64url>}: a MAC, under the secret every node shares,
 * over the request's method, Request-URI, Call-ID, CSeq, From tag and the time. A node takes such
 * a request only with a MAC that matches and a time within the window, so that no one else can
 * place calls by pretending to be a node; a copy replayed within the window repeats the same
 * transaction, which the transaction layer absorbs.
 */
public final class NodeRequests {

    public static final String HEADER = "X-Telcred-Node";
    private static final String ALGORITHM = "HmacSHA256";
    /** Binds the MAC to this use, as the secret also signs digest nonces and dialog routes. */
    private static final byte[] CONTEXT = "telcred node request v1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAC_BYTES = 16;

    private final ThreadLocal<Mac> macs;
    private final Duration window;
    private final Clock clock;

    /**
     * @param window how far the time of a request may lie from this node's clock: as long as a
     *               transaction lives, plus the clocks' difference
     */
    public NodeRequests(byte[] secret, Duration window, Clock clock) {
        SecretKeySpec key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> Macs.keyed(key));
        this.window = window;
        this.clock = clock;
    }

    /** Marks a request this node sends to another one, once its headers are final. */
    public void sign(SipRequest request) {
        long now = clock.instant().getEpochSecond();
        request.headers().set(HEADER, "ts=" + now + ";mac=" + mac(request, now));
    }

    /** Whether the request carries a node's header at all (valid or not). */
    public static boolean claimsANode(SipRequest request) {
        return request.headers().first(HEADER) != null;
    }

    /** Whether the request's node header is genuine and recent; the header is taken off either way. */
    public boolean vouchedFor(SipRequest request) {
        String value = request.headers().first(HEADER);
        request.headers().remove(HEADER);
        if (value == null) {
            return false;
        }
        String ts = null;
        String mac = null;
        for (String param : value.trim().split(";")) {
            if (param.startsWith("ts=")) {
                ts = param.substring(3);
            } else if (param.startsWith("mac=")) {
                mac = param.substring(4);
            }
        }
        if (ts == null || mac == null || ts.length() > 12 || !ts.chars().allMatch(Character::isDigit)) {
            return false;
        }
        long sent = Long.parseLong(ts);
        if (Math.abs(clock.instant().getEpochSecond() - sent) > window.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(mac.getBytes(StandardCharsets.US_ASCII),
                mac(request, sent).getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(SipRequest request, long time) {
        Mac mac = macs.get();
        mac.update(CONTEXT);
        for (String part : new String[] {request.method(), request.requestUri(), request.callId(),
                String.valueOf(request.cseq()), request.from() == null ? null : request.from().tag(), Long.toString(time)}) {
            mac.update((byte) 0);
            mac.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(mac.doFinal(), MAC_BYTES));
    }
}
