package io.telcred.sip.core;

import io.telcred.directory.Directory;
import io.telcred.directory.LoginCheck;
import io.telcred.sip.auth.AuthFailureLimiter;
import io.telcred.sip.auth.DigestAuthorization;
import io.telcred.sip.auth.DigestChallenge;
import io.telcred.sip.auth.NonceCounts;
import io.telcred.sip.auth.NonceService;
import io.telcred.sip.auth.NonceState;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Digest authentication of SIP requests (RFC 3261 §22, RFC 7616) against the directory: stateless
 * nonces, each {@code nc} accepted once, SHA-256 and MD5. An unknown user and a wrong password get
 * the same answer, a new challenge, so names cannot be probed; both count as failures of the source
 * for the brute-force limiter. The transaction layer absorbs retransmissions before this runs, as
 * a retransmission repeats its {@code nc}.
 */
final class SipAuthenticator {

    private final Directory directory;
    private final NonceService nonces;
    private final NonceCounts nonceCounts;
    private final AuthFailureLimiter limiter;
    private final String realm;
    private final List<String> algorithms;

    SipAuthenticator(Directory directory, NonceService nonces, NonceCounts nonceCounts, AuthFailureLimiter limiter,
                     String realm, List<String> algorithms) {
        this.directory = directory;
        this.nonces = nonces;
        this.nonceCounts = nonceCounts;
        this.limiter = limiter;
        this.realm = realm;
        this.algorithms = List.copyOf(algorithms);
    }

    /**
     * Checks the request's {@code Authorization} (registrar) or {@code Proxy-Authorization} (proxy)
     * header. Only a wrong answer or an unknown user counts against the source: a stale or foreign
     * nonce, or a replayed count, is what every phone sends after a restart, and is just asked again.
     * The replay table is written only after the answer is verified, so strangers cannot fill it.
     */
    CompletableFuture<AuthOutcome> authenticate(SipRequest request, InetAddress source, boolean proxy) {
        return authenticate(request.method(), ours(request, proxy), source);
    }

    /** As above, for credentials already read with {@link #credentials}. */
    CompletableFuture<AuthOutcome> authenticate(String method, DigestAuthorization authorization, InetAddress source) {
        if (authorization == null || !supported(authorization)) {
            return done(new AuthOutcome.Challenge(false));
        }
        NonceState nonce = nonces.check(authorization.nonce());
        if (nonce == NonceState.INVALID) {
            return done(new AuthOutcome.Challenge(false));
        }
        return directory.checkDigestAsync(authorization.username(), authorization.toDigestResponse(method))
                .thenApply(check -> judge(check, source, authorization, nonce));
    }

    /** The request's answer to our challenge, right or wrong, or null when it carries none. */
    DigestAuthorization credentials(SipRequest request, boolean proxy) {
        return ours(request, proxy);
    }

    /** A 401 (registrar) or 407 (proxy) with fresh SHA-256 and MD5 challenges. */
    SipResponse challenge(SipRequest request, boolean proxy, boolean stale) {
        SipResponse response = Responses.answer(request, proxy ? 407 : 401, null);
        String header = proxy ? "Proxy-Authenticate" : "WWW-Authenticate";
        for (String value : DigestChallenge.headerValues(algorithms, realm, nonces.issue(), stale, null)) {
            response.headers().add(header, value);
        }
        return response;
    }

    private AuthOutcome judge(LoginCheck check, InetAddress source, DigestAuthorization authorization, NonceState nonce) {
        switch (check.outcome()) {
            case ACCEPTED:
                if (nonce == NonceState.STALE) {
                    return new AuthOutcome.Challenge(true);
                }
                if (!firstUse(authorization)) {
                    return new AuthOutcome.Challenge(false);
                }
                limiter.succeeded(source);
                return new AuthOutcome.Authenticated(check.login());
            case NOT_ALLOWED:
                return new AuthOutcome.Forbidden("Credential not allowed to log in");
            case UNKNOWN:
                limiter.failed(source, authorization.username(), true);
                return new AuthOutcome.Challenge(false);
            default:
                limiter.failed(source, authorization.username(), false);
                return new AuthOutcome.Challenge(false);
        }
    }

    /** A nonce answers once per {@code nc} (qop=auth), or once at all in the RFC 2069 form. */
    private boolean firstUse(DigestAuthorization authorization) {
        if (authorization.qop() == null) {
            return nonceCounts.firstUseWithoutCount(authorization.nonce(), authorization.response());
        }
        return nonceCounts.firstUse(authorization.nonce(), authorization.nc());
    }

    /** qop "auth" or none, MD5 or SHA-256: what telcred offers. */
    private static boolean supported(DigestAuthorization authorization) {
        String qop = authorization.qop();
        String algorithm = authorization.algorithm();
        return (qop == null || qop.equals("auth")) && (algorithm.equals("MD5") || algorithm.equals("SHA-256"));
    }

    /** The credentials meant for our realm, of possibly several (one per realm the client was challenged by). */
    private DigestAuthorization ours(SipRequest request, boolean proxy) {
        for (String value : request.headers().lines(proxy ? "Proxy-Authorization" : "Authorization")) {
            DigestAuthorization parsed = DigestAuthorization.parse(value);
            if (parsed != null && realm.equals(parsed.realm())) {
                return parsed;
            }
        }
        return null;
    }

    private static CompletableFuture<AuthOutcome> done(AuthOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
