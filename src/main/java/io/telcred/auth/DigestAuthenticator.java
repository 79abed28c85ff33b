package io.telcred.auth;

import io.telcred.auth.AuthFailureLimiter.Action;
import io.telcred.auth.AuthFailureLimiter.Verdict;
import io.telcred.directory.Directory;
import io.telcred.directory.LoginCheck;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Digest authentication (RFC 3261 §22, RFC 7616) against the directory: stateless nonces, each
 * {@code nc} accepted once, MD5 and SHA-256, and the brute-force limiter, which only this class
 * feeds and reads. An unknown user and a wrong password get the same answers, a new challenge and
 * later a slowed one and a refusal, so names cannot be probed; both count as failures of that
 * user name from that source. A door calls {@link #authenticate} once per request and renders the
 * outcome; its transaction layer absorbs retransmissions, also while an answer is held back, as a
 * retransmission repeats its {@code nc}.
 */
public final class DigestAuthenticator {

    private final Directory directory;
    private final NonceService nonces;
    private final NonceCounts nonceCounts;
    private final AuthFailureLimiter limiter;
    private final String realm;
    private final List<DigestAlgorithm> offered;

    /**
     * @param offered the algorithms challenges offer, in that order; answers in any algorithm
     *                telcred speaks are accepted whatever is offered
     */
    public DigestAuthenticator(Directory directory, NonceService nonces, NonceCounts nonceCounts, AuthFailureLimiter limiter,
                               String realm, List<DigestAlgorithm> offered) {
        this.directory = directory;
        this.nonces = nonces;
        this.nonceCounts = nonceCounts;
        this.limiter = limiter;
        this.realm = realm;
        this.offered = List.copyOf(offered);
    }

    /** True when the source is banned: nothing it sends is to be heard, authenticated or not. */
    public boolean refuses(InetAddress source) {
        return limiter.verdict(source).action() == Action.BAN;
    }

    /**
     * The credentials meant for our realm among a request's {@code Authorization} (or
     * {@code Proxy-Authorization}) values, one per realm the client was challenged by; right or
     * wrong, or null when none is ours.
     */
    public DigestAuthorization credentials(List<String> headerValues) {
        for (String value : headerValues) {
            DigestAuthorization parsed = DigestAuthorization.parse(value);
            if (parsed != null && realm.equals(parsed.realm())) {
                return parsed;
            }
        }
        return null;
    }

    /**
     * Judges a request's answer to our challenge ({@code credentials} null when it has none). Only a
     * wrong answer or an unknown user counts against the source: a stale or foreign nonce, or a
     * replayed count, is what every phone sends after a restart, and is just asked again. The
     * replay table is written only after the answer is verified, so strangers cannot fill it. A
     * user name that failed from this source often lately gets its outcome
     * {@link AuthOutcome.Delayed delayed}, and then refused without a look at the answer.
     */
    public CompletableFuture<AuthOutcome> authenticate(String method, DigestAuthorization credentials, InetAddress source) {
        if (credentials == null) {
            return done(new AuthOutcome.Challenge(false));
        }
        Verdict verdict = limiter.verdict(source, credentials.username());
        if (verdict.action() == Action.REFUSE || verdict.action() == Action.BAN) {
            return done(new AuthOutcome.Refused("too many failed attempts"));
        }
        return judge(method, credentials, source).thenApply(outcome -> verdict.action() == Action.DELAY
                ? new AuthOutcome.Delayed(verdict.delay(), outcome) : outcome);
    }

    /** The challenge header values: one per offered algorithm, around one fresh nonce. */
    public List<String> challenge(boolean stale) {
        return DigestChallenge.headerValues(offered, realm, nonces.issue(), stale, null);
    }

    /** The realm challenges name: the SIP domain. */
    public String realm() {
        return realm;
    }

    private CompletableFuture<AuthOutcome> judge(String method, DigestAuthorization credentials, InetAddress source) {
        if (!supported(credentials)) {
            return done(new AuthOutcome.Challenge(false));
        }
        NonceState nonce = nonces.check(credentials.nonce());
        if (nonce == NonceState.INVALID) {
            return done(new AuthOutcome.Challenge(false));
        }
        DigestResponse answer = credentials.toDigestResponse(method);
        return directory.check(credentials.username(), secret -> DigestMath.matches(secret, answer))
                .thenApply(check -> judge(check, source, credentials, nonce));
    }

    private AuthOutcome judge(LoginCheck check, InetAddress source, DigestAuthorization credentials, NonceState nonce) {
        switch (check.outcome()) {
            case ACCEPTED:
                if (nonce == NonceState.STALE) {
                    return new AuthOutcome.Challenge(true);
                }
                if (!firstUse(credentials)) {
                    return new AuthOutcome.Challenge(false);
                }
                limiter.succeeded(source, credentials.username());
                return new AuthOutcome.Accepted(check.login());
            case NOT_ALLOWED:
                return new AuthOutcome.Refused("not allowed to log in now");
            case UNKNOWN:
                limiter.failed(source, credentials.username(), true);
                return new AuthOutcome.Challenge(false);
            default:
                limiter.failed(source, credentials.username(), false);
                return new AuthOutcome.Challenge(false);
        }
    }

    /** A nonce answers once per {@code nc} (qop=auth), or once at all in the RFC 2069 form. */
    private boolean firstUse(DigestAuthorization credentials) {
        if (credentials.qop() == null) {
            return nonceCounts.firstUseWithoutCount(credentials.nonce(), credentials.response());
        }
        return nonceCounts.firstUse(credentials.nonce(), credentials.nc());
    }

    /** qop "auth" or none, in an algorithm telcred speaks: what it offers. */
    private static boolean supported(DigestAuthorization credentials) {
        String qop = credentials.qop();
        return (qop == null || qop.equals("auth")) && credentials.algorithm() != null;
    }

    private static CompletableFuture<AuthOutcome> done(AuthOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
