package io.telcred.auth;

import io.telcred.auth.AuthFailureLimiter.Action;
import io.telcred.auth.AuthFailureLimiter.Verdict;
import io.telcred.directory.Directory;
import io.telcred.directory.Login;
import io.telcred.directory.LoginCheck;
import io.telcred.token.TokenRejectedException;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Logins that carry the secret itself, as the WebRTC protocol sends them: a login name with its
 * password, or a login token. Password failures count in the same brute-force limiter as SIP
 * digest answers, per source and user name, so a guesser gains nothing by switching doors. A bad
 * token is refused but not counted: tokens are signed, so guessing one is hopeless, and counting
 * would let one app retrying a revoked token lock out an office behind the same address.
 */
public final class LoginAuthenticator {

    private final Directory directory;
    private final AuthFailureLimiter limiter;

    public LoginAuthenticator(Directory directory, AuthFailureLimiter limiter) {
        this.directory = directory;
        this.limiter = limiter;
    }

    /** Judges a login name and password: Accepted, Refused, or either of them Delayed. */
    public CompletableFuture<AuthOutcome> password(String loginName, String password, InetAddress source) {
        Verdict verdict = limiter.verdict(source, loginName);
        if (verdict.action() == Action.REFUSE || verdict.action() == Action.BAN) {
            return CompletableFuture.completedFuture(new AuthOutcome.Refused("too many failed attempts"));
        }
        return directory.checkPassword(loginName, password)
                .thenApply(check -> judge(check, loginName, source))
                .thenApply(outcome -> verdict.action() == Action.DELAY
                        ? new AuthOutcome.Delayed(verdict.delay(), outcome) : outcome);
    }

    /** Whether a login already logged in still may be, as the store has it now (after changes this node may have missed). */
    public CompletableFuture<Boolean> stillMayLogIn(String loginName) {
        return directory.mayLogIn(loginName);
    }

    /** Judges a login token: every check of the token verifier, then the login's own state. */
    public CompletableFuture<AuthOutcome> token(String jwt, InetAddress source) {
        if (limiter.verdict(source).action() == Action.BAN) {
            return CompletableFuture.completedFuture(new AuthOutcome.Refused("too many failed attempts"));
        }
        return directory.checkToken(jwt)
                .thenCompose(login -> directory.mayLogIn(login).thenApply(may -> may
                        ? (AuthOutcome) new AuthOutcome.Accepted(login)
                        : new AuthOutcome.Refused("not allowed to log in now")))
                .exceptionally(LoginAuthenticator::tokenRefusal);
    }

    private AuthOutcome judge(LoginCheck check, String loginName, InetAddress source) {
        switch (check.outcome()) {
            case ACCEPTED:
                limiter.succeeded(source, loginName);
                return new AuthOutcome.Accepted(check.login());
            case NOT_ALLOWED:
                return new AuthOutcome.Refused("not allowed to log in now");
            case UNKNOWN:
                limiter.failed(source, loginName, true);
                return new AuthOutcome.Refused("wrong login or password");
            default:
                limiter.failed(source, loginName, false);
                return new AuthOutcome.Refused("wrong login or password");
        }
    }

    private static AuthOutcome tokenRefusal(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TokenRejectedException rejected) {
            return new AuthOutcome.Refused(rejected.getMessage());
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new CompletionException(cause);
    }
}
