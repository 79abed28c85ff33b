package io.telcred.sip.core;

import io.telcred.directory.Directory;
import io.telcred.directory.LoginCheck;
import io.telcred.sip.auth.AuthFailureLimiter;
import io.telcred.sip.auth.DigestAuthorization;
import io.telcred.sip.auth.DigestChallenge;
import io.telcred.sip.auth.NonceCounts;
import io.telcred.sip.auth.NonceService;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Digest authentication of SIP requests (RFC 3261 §22, RFC 7616) against the directory: stateless
 * nonces, each {@code nc} accepted once, SHA-256 and MD5. An unknown user and a wrong password get
 * the same answer, a new challenge, so names cannot be probed; both count as failures of the source
 * for the brute-force limiter.
 */
final class SipAuthenticator {

    private final Directory directory;
    private final NonceService nonces;
    private final NonceCounts nonceCounts;
    private final AuthFailureLimiter limiter;
    private final String realm;

    SipAuthenticator(Directory directory, NonceService nonces, NonceCounts nonceCounts, AuthFailureLimiter limiter,
                     String realm) {
        this.directory = directory;
        this.nonces = nonces;
        this.nonceCounts = nonceCounts;
        this.limiter = limiter;
        this.realm = realm;
    }

    /** Checks the request's {@code Authorization} (registrar) or {@code Proxy-Authorization} (proxy) header. */
    CompletableFuture<AuthOutcome> authenticate(SipRequest request, InetAddress source, boolean proxy) {
        DigestAuthorization authorization = ours(request, proxy);
        if (authorization == null) {
            return done(new AuthOutcome.Challenge(false));
        }
        switch (nonces.check(authorization.nonce())) {
            case STALE:
                return done(new AuthOutcome.Challenge(true));
            case INVALID:
                return failed(source, authorization.username(), false);
            default:
                break;
        }
        if (!fresh(authorization)) {
            return failed(source, authorization.username(), false);
        }
        return directory.checkDigestAsync(authorization.username(), authorization.toDigestResponse(request.method()))
                .thenApply(check -> judge(check, source, authorization.username()));
    }

    /** A 401 (registrar) or 407 (proxy) with fresh SHA-256 and MD5 challenges. */
    SipResponse challenge(SipRequest request, boolean proxy, boolean stale) {
        SipResponse response = SipResponse.to(request, proxy ? 407 : 401, null);
        String header = proxy ? "Proxy-Authenticate" : "WWW-Authenticate";
        for (String value : DigestChallenge.headerValues(realm, nonces.issue(), stale, null)) {
            response.headers().add(header, value);
        }
        return response;
    }

    private AuthOutcome judge(LoginCheck check, InetAddress source, String username) {
        switch (check.outcome()) {
            case ACCEPTED:
                limiter.succeeded(source);
                return new AuthOutcome.Authenticated(check.login());
            case NOT_ALLOWED:
                return new AuthOutcome.Forbidden("Credential not allowed to log in");
            case UNKNOWN:
                limiter.failed(source, username, true);
                return new AuthOutcome.Challenge(false);
            default:
                limiter.failed(source, username, false);
                return new AuthOutcome.Challenge(false);
        }
    }

    private CompletableFuture<AuthOutcome> failed(InetAddress source, String username, boolean unknownUser) {
        limiter.failed(source, username, unknownUser);
        return done(new AuthOutcome.Challenge(false));
    }

    /** A nonce answers once per {@code nc} (qop=auth), or once at all in the RFC 2069 form. */
    private boolean fresh(DigestAuthorization authorization) {
        String qop = authorization.qop();
        if (qop == null) {
            return nonceCounts.firstUseWithoutCount(authorization.nonce(), authorization.response());
        }
        return qop.equals("auth") && nonceCounts.firstUse(authorization.nonce(), authorization.nc());
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
