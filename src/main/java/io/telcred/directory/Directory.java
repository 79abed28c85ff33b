package io.telcred.directory;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.telcred.connection.ConnectionRepository;
import io.telcred.connection.CredentialConnection;
import io.telcred.crypto.Hashes;
import io.telcred.credential.CredentialRepository;
import io.telcred.credential.TelephonyCredential;
import io.telcred.event.DomainEvent;
import io.telcred.event.DomainEvent.ConnectionChanged;
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
    private final AsyncLoadingCache<String, Optional<Login>> logins;
    private final AsyncLoadingCache<Long, Boolean> connectionActive;

    public Directory(ConnectionRepository connections, CredentialRepository credentials, SipSecrets secrets,
                     DomainEvents events, Clock clock, long cacheSize, Executor loader) {
        this.connections = connections;
        this.credentials = credentials;
        this.secrets = secrets;
        this.clock = clock;
        this.logins = Caffeine.newBuilder().maximumSize(cacheSize).executor(loader).buildAsync(this::load);
        this.connectionActive = Caffeine.newBuilder().maximumSize(Math.max(1_000, cacheSize / 10)).executor(loader)
                .buildAsync(id -> connections.active(id).orElse(false));
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
        if (!login.active() || login.expired(clock.instant())) {
            return false;
        }
        return login.kind() == LoginKind.CONNECTION || connectionActive.get(login.connectionId()).join();
    }

    public LoginCheck checkPassword(String loginName, String password) {
        Optional<Login> found = find(loginName);
        if (found.isEmpty()) {
            return LoginCheck.unknown();
        }
        Login login = found.get();
        String expected = Hashes.md5Hex(login.loginName() + ":" + login.secret().realm() + ":" + (password == null ? "" : password));
        return judge(login, Hashes.constantTimeEquals(expected, login.secret().ha1Md5()));
    }

    /** Checks a digest response against the stored HA1; nonce freshness and {@code nc} replay are the caller's. */
    public LoginCheck checkDigest(String loginName, DigestResponse digest) {
        Optional<Login> found = find(loginName);
        if (found.isEmpty()) {
            return LoginCheck.unknown();
        }
        Login login = found.get();
        return judge(login, DigestMath.matches(login.secret(), digest));
    }

    public String realm() {
        return secrets.realm();
    }

    private LoginCheck judge(Login login, boolean secretMatches) {
        if (!secretMatches) {
            return new LoginCheck(LoginCheck.Outcome.WRONG_SECRET, login);
        }
        return new LoginCheck(mayLogIn(login) ? LoginCheck.Outcome.ACCEPTED : LoginCheck.Outcome.NOT_ALLOWED, login);
    }

    private void onEvent(DomainEvent event) {
        if (event instanceof LoginChanged changed) {
            logins.synchronous().invalidate(changed.loginName());
        } else if (event instanceof ConnectionChanged changed) {
            connectionActive.synchronous().invalidate(changed.connectionId());
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
