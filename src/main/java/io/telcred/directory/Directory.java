package io.telcred.directory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.telcred.common.LoginNames;
import io.telcred.common.SharedStrings;
import io.telcred.connection.ConnectionRepository;
import io.telcred.connection.ConnectionStates;
import io.telcred.connection.CredentialConnection;
import io.telcred.credential.CredentialRepository;
import io.telcred.credential.TelephonyCredential;
import io.telcred.event.DomainEvent;
import io.telcred.event.DomainEvent.ChangesMissed;
import io.telcred.event.DomainEvent.LoginChanged;
import io.telcred.event.DomainEvents;
import io.telcred.secret.Ha1Hashes;
import io.telcred.secret.SipSecrets;
import io.telcred.token.TokenRejectedException;
import io.telcred.token.TokenVerifier;
import io.telcred.token.VerifiedToken;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

/**
 * The one place that answers "who is this login name, and is this password, digest response or
 * token good?" for the SIP and WebRTC doors. Lookups are served from memory; a miss loads from the
 * store on {@code loader}, never on the caller's thread, so an event loop may call every method.
 * Every change is pushed in by {@link DomainEvents} at once, so there is no polling delay: a new
 * credential logs in immediately and a revoked one is refused by the next request. Unknown names
 * are cached too (until a change names them) so that a scanner cannot drive a query per guess.
 *
 * <p>The cache is sized by bytes, not entries: with a million users it is the largest thing a
 * node holds, so each entry is as small as it can be (see {@link Login}) and no future or
 * {@link Optional} is kept per entry: a load in flight is shared through {@code loading} until
 * its result is cached.
 */
public final class Directory {

    /** A name the store does not know, cached as such. */
    private static final Login UNKNOWN = new Login(LoginKind.CONNECTION, "", "", 0, null, false, null, null);
    /** Accounts are few beside their logins; past this many the ids are kept once per login. */
    private static final int SHARED_ACCOUNT_IDS = 100_000;

    private final ConnectionRepository connections;
    private final CredentialRepository credentials;
    private final SipSecrets secrets;
    private final TokenVerifier tokens;
    private final Clock clock;
    private final ConnectionStates connectionStates;
    private final Executor loader;
    private final Cache<String, Login> logins;
    private final ConcurrentHashMap<String, CompletableFuture<Optional<Login>>> loading = new ConcurrentHashMap<>();
    private final SharedStrings accountIds = new SharedStrings(SHARED_ACCOUNT_IDS);

    /** @param cacheBytes about how much memory the logins kept in memory may take */
    public Directory(ConnectionRepository connections, CredentialRepository credentials, ConnectionStates connectionStates,
                     SipSecrets secrets, TokenVerifier tokens, DomainEvents events, Clock clock, long cacheBytes,
                     Executor loader) {
        this.connections = connections;
        this.credentials = credentials;
        this.connectionStates = connectionStates;
        this.secrets = secrets;
        this.tokens = tokens;
        this.clock = clock;
        this.loader = loader;
        this.logins = Caffeine.newBuilder().maximumWeight(cacheBytes).executor(loader)
                .weigher((String name, Login login) -> LoginSizes.ENTRY
                        + (login == UNKNOWN ? LoginSizes.text(name) : login.estimatedBytes()))
                .build();
        events.subscribe(this::onEvent);
    }

    /** The login of that name; completes at once when it is cached (as present or as absent). */
    public CompletableFuture<Optional<Login>> find(String loginName) {
        if (loginName == null || loginName.isEmpty() || loginName.length() > 64) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Login cached = logins.getIfPresent(loginName);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached == UNKNOWN ? Optional.empty() : Optional.of(cached));
        }
        CompletableFuture<Optional<Login>> pending = loading.get(loginName);
        if (pending != null) {
            return pending;
        }
        CompletableFuture<Optional<Login>> mine = new CompletableFuture<>();
        pending = loading.putIfAbsent(loginName, mine);
        if (pending != null) {
            return pending;
        }
        try {
            loader.execute(() -> loadInto(loginName, mine));
        } catch (RejectedExecutionException e) {
            loading.remove(loginName, mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    /**
     * Loads the name and caches what was found, unless a change named it meanwhile: that change
     * removed {@code future} from {@code loading}, and what was read may predate it.
     */
    private void loadInto(String loginName, CompletableFuture<Optional<Login>> future) {
        try {
            Optional<Login> found = load(loginName);
            if (loading.remove(loginName, future)) {
                // Keyed by the login's own name where it is the same text: one copy of it, not two.
                String key = found.map(Login::loginName).filter(loginName::equals).orElse(loginName);
                logins.put(key, found.orElse(UNKNOWN));
            }
            future.complete(found);
        } catch (RuntimeException e) {
            loading.remove(loginName, future);
            future.completeExceptionally(e);
        }
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
    public CompletableFuture<LoginCheck> check(String loginName, Predicate<Ha1Hashes> secretMatches) {
        return find(loginName).thenCompose(found -> found.isEmpty()
                ? CompletableFuture.completedFuture(LoginCheck.unknown())
                : judge(found.get(), secretMatches.test(found.get().ha1())));
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
            loading.remove(changed.loginName());
            logins.invalidate(changed.loginName());
        } else if (event instanceof ChangesMissed) {
            loading.clear();
            logins.invalidateAll();
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
        Ha1Hashes ha1 = Ha1Hashes.of(secrets.forCurrentRealm(c.secretOwner(), c.sipUsername(), c.secret()));
        return new Login(LoginKind.CREDENTIAL, c.sipUsername(), accountIds.share(c.accountId()), c.connectionId(), c.id(),
                c.active(), c.expiresAt(), ha1);
    }

    private Login fromConnection(CredentialConnection c) {
        Ha1Hashes ha1 = Ha1Hashes.of(secrets.forCurrentRealm(c.secretOwner(), c.userName(), c.secret()));
        return new Login(LoginKind.CONNECTION, c.userName(), accountIds.share(c.accountId()), c.id(), null, c.active(),
                null, ha1);
    }
}
