package io.telcred.sip.core;

import io.telcred.location.Transport;
import io.telcred.sip.auth.AuthFailureSettings;
import java.time.Duration;
import java.util.List;

/**
 * The registrar's and proxy's rules.
 *
 * @param domain             the SIP domain, also the digest realm
 * @param advertisedHost     the host telcred puts in Via and Record-Route, reachable by clients
 * @param minExpires         shorter registrations are refused with 423 and this Min-Expires
 * @param maxExpires         longer ones are shortened to this
 * @param defaultExpires     when the client names no expiry
 * @param maxBindingsPerUser devices one login name may register at once
 * @param nonceLifetime      after this a nonce is answered {@code stale=true}
 * @param maxTrackedNonces   nonces whose counts are remembered against replay; above it the oldest
 *                           are forgotten early, so size it above the authentications per lifetime
 * @param inviteTimeout      an unanswered call branch is cancelled after this (Timer C)
 * @param timerT1            RFC 3261's T1, from which the other transaction timers follow
 * @param digestAlgorithms   the challenges offered, in order ("SHA-256", "MD5"); answers with
 *                           either are accepted whatever is offered
 * @param streamIdleTimeout  silent TCP and TLS connections close after this, so registrations over
 *                           them are kept shorter, and the phone's refresh keeps its connection open
 */
public record SipSettings(String domain, String advertisedHost, int minExpires, int maxExpires, int defaultExpires,
                          int maxBindingsPerUser, Duration nonceLifetime, long maxTrackedNonces, Duration inviteTimeout,
                          AuthFailureSettings authFailures, Duration timerT1,
                          List<String> digestAlgorithms, Duration streamIdleTimeout) {

    /** The longest registration over a flow of this kind: under the idle timeout for TCP and TLS. */
    int maxExpires(Transport transport) {
        if (transport == Transport.TCP || transport == Transport.TLS) {
            long underIdle = streamIdleTimeout.toSeconds() * 9 / 10;
            return (int) Math.max(minExpires, Math.min(maxExpires, underIdle));
        }
        return maxExpires;
    }
}
