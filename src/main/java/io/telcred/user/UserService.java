package io.telcred.user;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.telcred.common.DomainException;
import io.telcred.common.Ids;
import io.telcred.common.UniqueViolationException;
import io.telcred.crypto.Argon2Passwords;
import io.telcred.crypto.Hashes;
import io.telcred.crypto.RandomStrings;
import io.telcred.event.DomainEvent.ChangesMissed;
import io.telcred.event.DomainEvent.PortalSessionEnded;
import io.telcred.event.DomainEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal's users: who they are, their sign-in and sessions, and the invitations that bring
 * further users into an account. A user sees one account only: every other service is called with
 * the signed-in user's account.
 */
public final class UserService {

    private static final Logger LOG = LoggerFactory.getLogger(UserService.class);
    /** A session token: 256 random bits, as letters and digits. */
    private static final int TOKEN_LENGTH = 43;
    private static final int MAX_EMAIL_LENGTH = 254;
    /** Argon2 of very long input still costs little, but nobody types more. */
    private static final int MAX_PASSWORD_LENGTH = 256;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    /** How long a session found in the database is trusted without asking it again. */
    private static final Duration SESSION_CACHE = Duration.ofSeconds(10);

    private final UserRepository users;
    private final Argon2Passwords passwords;
    private final SignInLimiter limiter;
    private final UserSettings settings;
    private final DomainEvents events;
    private final Clock clock;
    /** Verified against when the e-mail is unknown, so that an unknown e-mail costs as long as a wrong password. */
    private volatile String decoyHash;
    private final Cache<String, Optional<PortalUser>> sessions;

    public UserService(UserRepository users, Argon2Passwords passwords, UserSettings settings, DomainEvents events,
                       Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
        this.limiter = new SignInLimiter(settings, clock);
        this.sessions = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(SESSION_CACHE).build();
        // Few sessions are cached, for seconds: forgetting them all is cheaper than naming one on the wire.
        events.subscribe(event -> {
            if (event instanceof PortalSessionEnded || event instanceof ChangesMissed) {
                sessions.invalidateAll();
            }
        });
    }

    /** Adds a user to an account (the command line, the first start); refused when the e-mail is taken. */
    public PortalUser create(String accountId, String email, String password, Role role) {
        String address = checkedEmail(email);
        checkPassword(password);
        PortalUser user = new PortalUser(Ids.uuid(), accountId, address, role, passwords.hash(password), clock.instant());
        try {
            users.insert(user);
        } catch (UniqueViolationException e) {
            throw DomainException.duplicate("email", "A user with this e-mail already exists.");
        }
        LOG.info("added portal user {} ({}) to account {}", user.id(), role.label(), accountId);
        return user;
    }

    /** On a start that finds no user, makes the bootstrap user an owner of {@code accountId}, when one is configured. */
    public Optional<PortalUser> ensureBootstrapUser(String accountId) {
        if (settings.bootstrapEmail().isEmpty() || users.count() > 0) {
            return Optional.empty();
        }
        String password = settings.bootstrapPassword().orElseThrow(() -> new IllegalStateException(
                "TELCRED_BOOTSTRAP_EMAIL is set without TELCRED_BOOTSTRAP_PASSWORD"));
        return Optional.of(create(accountId, settings.bootstrapEmail().get(), password, Role.OWNER));
    }

    public SignInResult signIn(String email, String password, String address) {
        Duration locked = limiter.lockedFor(email, address);
        if (!locked.isZero()) {
            return new SignInResult.Locked(locked);
        }
        Optional<PortalUser> user = email == null || email.length() > MAX_EMAIL_LENGTH ? Optional.empty()
                : users.findByEmail(email.strip().toLowerCase(Locale.ROOT));
        boolean matches = password != null && password.length() <= MAX_PASSWORD_LENGTH
                && passwords.verify(password, user.map(PortalUser::passwordHash).orElseGet(this::decoyHash));
        if (user.isEmpty() || !matches) {
            Duration delay = limiter.failed(email, address);
            Duration nowLocked = limiter.lockedFor(email, address);
            return nowLocked.isZero() ? new SignInResult.Refused(delay) : new SignInResult.Locked(nowLocked);
        }
        limiter.succeeded(email);
        PortalUser signedIn = user.get();
        if (passwords.needsRehash(signedIn.passwordHash())) {
            users.updatePasswordHash(signedIn.id(), passwords.hash(password));
        }
        String token = RandomStrings.alphanumeric(TOKEN_LENGTH);
        Instant now = clock.instant();
        Instant expires = now.plus(settings.sessionLifetime());
        users.insertSession(new PortalSession(Hashes.sha256Hex(token), signedIn.id(), now, expires));
        return new SignInResult.SignedIn(signedIn, token, expires);
    }

    /** The user whose live session this token is, or empty. */
    public Optional<PortalUser> userOfSession(String token) {
        if (token == null || token.length() != TOKEN_LENGTH) {
            return Optional.empty();
        }
        return sessions.get(Hashes.sha256Hex(token), hash -> users.findSession(hash)
                .filter(session -> clock.instant().isBefore(session.expiresAt()))
                .flatMap(session -> users.find(session.userId())));
    }

    public void signOut(String token) {
        if (token == null) {
            return;
        }
        String hash = Hashes.sha256Hex(token);
        users.deleteSession(hash);
        events.publish(new PortalSessionEnded());
    }

    public List<PortalUser> users(String accountId) {
        return users.forAccount(accountId);
    }

    /** An owner invites {@code email} to their account; the link's token is returned once. */
    public IssuedInvite invite(PortalUser owner, String email, Role role) {
        requireOwner(owner);
        String address = checkedEmail(email);
        if (users.findByEmail(address.toLowerCase(Locale.ROOT)).isPresent()) {
            throw DomainException.duplicate("email", "A user with this e-mail already exists.");
        }
        String token = RandomStrings.alphanumeric(TOKEN_LENGTH);
        Instant now = clock.instant();
        Invite invite = new Invite(Hashes.sha256Hex(token), owner.accountId(), address, role, owner.id(), now,
                now.plus(settings.inviteLifetime()));
        users.insertInvite(invite);
        LOG.info("portal user {} invited a {} to account {}", owner.id(), role.label(), owner.accountId());
        return new IssuedInvite(invite, token);
    }

    public List<Invite> invites(PortalUser owner) {
        requireOwner(owner);
        return users.invites(owner.accountId(), clock.instant());
    }

    public void withdrawInvite(PortalUser owner, String tokenHash) {
        requireOwner(owner);
        if (!users.deleteInvite(owner.accountId(), tokenHash)) {
            throw DomainException.notFound("No such invitation.");
        }
    }

    /** The live invitation of this link, or empty. */
    public Optional<Invite> invitation(String token) {
        if (token == null || token.length() != TOKEN_LENGTH) {
            return Optional.empty();
        }
        return users.findInvite(Hashes.sha256Hex(token)).filter(invite -> clock.instant().isBefore(invite.expiresAt()));
    }

    /** The invited person chooses a password: they become a user of the account, and the link is used up. */
    public PortalUser acceptInvite(String token, String password) {
        Invite invite = invitation(token).orElseThrow(() -> DomainException.notFound(
                "This invitation is not valid: it was used, withdrawn or has expired."));
        PortalUser user = create(invite.accountId(), invite.email(), password, invite.role());
        users.deleteInvite(invite.accountId(), invite.tokenHash());
        return user;
    }

    /** An owner removes a user of their account (not themselves); the user's sessions end with them. */
    public void remove(PortalUser owner, String userId) {
        requireOwner(owner);
        if (owner.id().equals(userId)) {
            throw DomainException.refused("You cannot remove yourself.");
        }
        if (!users.delete(owner.accountId(), userId)) {
            throw DomainException.notFound("No such user.");
        }
        events.publish(new PortalSessionEnded());
        LOG.info("portal user {} removed user {} from account {}", owner.id(), userId, owner.accountId());
    }

    public void purgeExpired() {
        users.purgeExpired(clock.instant());
    }

    private String decoyHash() {
        String hash = decoyHash;
        if (hash == null) {
            hash = passwords.hash(RandomStrings.alphanumeric(20));
            decoyHash = hash;
        }
        return hash;
    }

    private String checkedEmail(String email) {
        String address = email == null ? "" : email.strip();
        if (address.isEmpty()) {
            throw DomainException.missing("email");
        }
        if (address.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(address).matches()) {
            throw DomainException.invalid("email", "Enter an e-mail address such as name@example.com.");
        }
        return address;
    }

    private void checkPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw DomainException.missing("password");
        }
        if (password.length() < settings.minPasswordLength() || password.length() > MAX_PASSWORD_LENGTH) {
            throw DomainException.invalid("password", "The password must be " + settings.minPasswordLength() + " to "
                    + MAX_PASSWORD_LENGTH + " characters long.");
        }
        if (password.isBlank() || password.chars().distinct().count() < 5) {
            throw DomainException.invalid("password", "The password is too easy to guess: use more different characters.");
        }
    }

    private static void requireOwner(PortalUser user) {
        if (!user.owner()) {
            throw DomainException.of(io.telcred.common.Problem.AUTHORIZATION_FAILED, "Only an owner of the account can do this.");
        }
    }
}
