package io.telcred.directory;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.telcred.common.LoginNames;
import io.telcred.connection.ConnectionRepository;
import io.telcred.connection.ConnectionStates;
import io.telcred.connection.CredentialConnection;
import io.telcred.credential.CredentialRepository;
import io.telcred.credential.TelephonyCredential;
import io.telcred.event.DomainEvent;
import io.telcred.event.DomainEvent.ChangesMissed;
import io.telcred.event.DomainEvent.LoginChanged;
import io.telcred.event.DomainEvents;
import io.telcred.secret.SipSecret;
import io.telcred.secret.SipSecrets;
import io.telcred.token.TokenRejectedException;
import io.telcred.token.TokenVerifier;
import io.telcred.token.VerifiedToken;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * The one place that answers "who is this login name, and is this password, digest response or
 * token good?" for the SIP and WebRTC doors. Lookups are served from memory; a miss loads from the
 * store on {@code loader}, never on the caller's thread, so an event loop may call every method.
 * Every change is pushed in by {@link DomainEvents} at once, so there is no polling delay: a new
 * credential logs in immediately and a revoked one is refused by the next request. Unknown names
 * are cached too (until a change names them) so that a scanner cannot drive a query per guess.
 */
public final class Directory {

    private final ConnectionRepository connections;
    private final CredentialRepository credentials;
    private final SipSecrets secrets;
    private final TokenVerifier tokens;
    private final Clock clock;
    private final ConnectionStates connectionStates;
    private final Executor loader;
    private final AsyncLoadingCache<String, Optional<Login>> logins;

    public Directory(ConnectionRepository connections, CredentialRepository credentials, ConnectionStates connectionStates,
                     SipSecrets secrets, TokenVerifier tokens, DomainEvents events, Clock clock, long cacheSize,
                     Executor loader) {
        this.connections = connections;
        this.credentials = credentials;
        this.connectionStates = connectionStates;
        this.secrets = secrets;
        this.tokens = tokens;
        this.clock = clock;
        this.loader = loader;
        this.logins = Caffeine.newBuilder().maximumSize(cacheSize).executor(loader).buildAsync(this::load);
        events.subscribe(this::onEvent);
    }

    /** The login of that name; completes at once when it is cached (as present or as absent). */
    public CompletableFuture<Optional<Login>> find(String loginName) {
        if (loginName == null || loginName.isEmpty() || loginName.length() > 64) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return logins.get(loginName);
    }

    /**
     * Active, not expired, and (for an on-demand credential) its connection active; completes at
     * once when the connection's state is cached.
     */
    public CompletableFuture<Boolean> mayLogIn(Login login) {
        if (!login.active() || login.expired(clock.instant())) {
            return CompletableFuture.completedFuture(false);
        }
        if (login.kind() == LoginKind.CONNECTION) {
            return CompletableFuture.completedFuture(true);
        }
        return connectionStates.activeAsync(login.connectionId());
    }

    /** Whether the login of that name exists and {@link #mayLogIn(Login) may log in} now, as the store has it. */
    public CompletableFuture<Boolean> mayLogIn(String loginName) {
        return find(loginName).thenCompose(found -> found.isEmpty() ? CompletableFuture.completedFuture(false)
                : mayLogIn(found.get()));
    }

    /**
     * Judges a proof of the login's secret: {@code secretMatches} tells whether it fits the stored
     * secret (a digest response checked against the HA1, say). Nonce freshness and replay are the
     * caller's.
     */
    public CompletableFuture<LoginCheck> check(String loginName, Predicate<SipSecret> secretMatches) {
        return find(loginName).thenCompose(found -> found.isEmpty()
                ? CompletableFuture.completedFuture(LoginCheck.unknown())
                : judge(found.get(), secretMatches.test(found.get().secret())));
    }

    /** Judges a plain password, as a WebRTC login sends it. */
    public CompletableFuture<LoginCheck> checkPassword(String loginName, String password) {
        return check(loginName, secret -> secrets.matchesPassword(secret, loginName, password));
    }

    /**
     * The login a login token logs in, after every check of {@link TokenVerifier}; fails with
     * {@link TokenRejectedException} when the token logs no one in.
     */
    public CompletableFuture<Login> checkToken(String jwt) {
        return CompletableFuture.supplyAsync(() -> tokens.verify(jwt), loader)
                .thenCompose((VerifiedToken token) -> find(token.sipUsername()))
                .thenApply(found -> found.orElseThrow(() -> new TokenRejectedException(
                        TokenRejectedException.Reason.SUBJECT_REVOKED, "The token's credential no longer exists.")));
    }

    public String realm() {
        return secrets.realm();
    }

    private CompletableFuture<LoginCheck> judge(Login login, boolean secretMatches) {
        if (!secretMatches) {
            return CompletableFuture.completedFuture(new LoginCheck(LoginCheck.Outcome.WRONG_SECRET, login));
        }
        return mayLogIn(login).thenApply(may ->
                new LoginCheck(may ? LoginCheck.Outcome.ACCEPTED : LoginCheck.Outcome.NOT_ALLOWED, login));
    }

    private void onEvent(DomainEvent event) {
        if (event instanceof LoginChanged changed) {
            logins.synchronous().invalidate(changed.loginName());
        } else if (event instanceof ChangesMissed) {
            logins.synchronous().invalidateAll();
        }
    }

    private Optional<Login> load(String loginName) {
        if (LoginNames.isOnDemand(loginName)) {
            return credentials.findBySipUsername(loginName).map(this::fromCredential);
        }
        return connections.findByUserName(loginName)
                .filter(c -> c.userName().equals(loginName))
                .map(this::fromConnection);
    }

    private Login fromCredential(TelephonyCredential c) {
        SipSecret secret = secrets.forCurrentRealm(c.secretOwner(), c.sipUsername(), c.secret());
        return new Login(LoginKind.CREDENTIAL, c.sipUsername(), c.accountId(), c.connectionId(), c.id(), c.active(),
                c.expiresAt(), secret);
    }

    private Login fromConnection(CredentialConnection c) {
        SipSecret secret = secrets.forCurrentRealm(c.secretOwner(), c.userName(), c.secret());
        return new Login(LoginKind.CONNECTION, c.userName(), c.accountId(), c.id(), null, c.active(), null, secret);
    }
}
