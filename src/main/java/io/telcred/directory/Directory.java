package io.telcred.directory;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.telcred.connection.ConnectionRepository;
import io.telcred.connection.ConnectionStates;
import io.telcred.connection.CredentialConnection;
import io.telcred.crypto.Hashes;
import io.telcred.credential.CredentialRepository;
import io.telcred.credential.TelephonyCredential;
import io.telcred.event.DomainEvent;
import io.telcred.event.DomainEvent.LoginChanged;
import io.telcred.event.DomainEvents;
import io.telcred.secret.SipSecret;
import io.telcred.secret.SipSecrets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The one place that answers "who is this login name, and is this password, digest response or
 * token good?" for the SIP and WebRTC doors. Lookups are served from memory; a miss loads from the
 * store on {@code loader}, never on the caller's event loop when it uses {@link #findAsync}. Every
 * change is pushed in by {@link DomainEvents} at once, so there is no polling delay: a new
 * credential logs in immediately and a revoked one is refused by the next request. Unknown names
 * are cached too (until a change names them) so that a scanner cannot drive a query per guess.
 */
public final class Directory {

    private static final String CREDENTIAL_PREFIX = "gencred";

    private final ConnectionRepository connections;
    private final CredentialRepository credentials;
    private final SipSecrets secrets;
    private final Clock clock;
    private final ConnectionStates connectionStates;
    private final AsyncLoadingCache<String, Optional<Login>> logins;

    public Directory(ConnectionRepository connections, CredentialRepository credentials, ConnectionStates connectionStates,
                     SipSecrets secrets, DomainEvents events, Clock clock, long cacheSize, Executor loader) {
        this.connections = connections;
        this.credentials = credentials;
        this.connectionStates = connectionStates;
        this.secrets = secrets;
        this.clock = clock;
        this.logins = Caffeine.newBuilder().maximumSize(cacheSize).executor(loader).buildAsync(this::load);
        events.subscribe(this::onEvent);
    }

    public Optional<Login> find(String loginName) {
        return findAsync(loginName).join();
    }

    public CompletableFuture<Optional<Login>> findAsync(String loginName) {
        if (loginName == null || loginName.isEmpty() || loginName.length() > 64) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return logins.get(loginName);
    }

    /** Active, not expired, and (for an on-demand credential) its connection active. */
    public boolean mayLogIn(Login login) {
        return mayLogInAsync(login).join();
    }

    /** {@link #mayLogIn} without blocking: completes at once when the connection's state is cached. */
    public CompletableFuture<Boolean> mayLogInAsync(Login login) {
        if (!login.active() || login.expired(clock.instant())) {
            return CompletableFuture.completedFuture(false);
        }
        if (login.kind() == LoginKind.CONNECTION) {
            return CompletableFuture.completedFuture(true);
        }
        return connectionStates.activeAsync(login.connectionId());
    }

    public LoginCheck checkPassword(String loginName, String password) {
        return findAsync(loginName).thenCompose(found -> {
            if (found.isEmpty()) {
                return CompletableFuture.completedFuture(LoginCheck.unknown());
            }
            Login login = found.get();
            String expected = Hashes.md5Hex(login.loginName() + ":" + login.secret().realm() + ":" + (password == null ? "" : password));
            return judge(login, Hashes.constantTimeEquals(expected, login.secret().ha1Md5()));
        }).join();
    }

    /** Checks a digest response against the stored HA1; nonce freshness and {@code nc} replay are the caller's. */
    public LoginCheck checkDigest(String loginName, DigestResponse digest) {
        return checkDigestAsync(loginName, digest).join();
    }

    /** {@link #checkDigest} without blocking: completes at once when the login is cached. */
    public CompletableFuture<LoginCheck> checkDigestAsync(String loginName, DigestResponse digest) {
        return findAsync(loginName).thenCompose(found -> found.isEmpty()
                ? CompletableFuture.completedFuture(LoginCheck.unknown())
                : judge(found.get(), DigestMath.matches(found.get().secret(), digest)));
    }

    public String realm() {
        return secrets.realm();
    }

    private CompletableFuture<LoginCheck> judge(Login login, boolean secretMatches) {
        if (!secretMatches) {
            return CompletableFuture.completedFuture(new LoginCheck(LoginCheck.Outcome.WRONG_SECRET, login));
        }
        return mayLogInAsync(login).thenApply(may ->
                new LoginCheck(may ? LoginCheck.Outcome.ACCEPTED : LoginCheck.Outcome.NOT_ALLOWED, login));
    }

    private void onEvent(DomainEvent event) {
        if (event instanceof LoginChanged changed) {
            logins.synchronous().invalidate(changed.loginName());
        }
    }

    private Optional<Login> load(String loginName) {
        if (loginName.startsWith(CREDENTIAL_PREFIX)) {
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
