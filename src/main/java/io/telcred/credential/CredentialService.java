package io.telcred.credential;

import io.telcred.common.DomainException;
import io.telcred.common.Ids;
import io.telcred.common.LoginNames;
import io.telcred.common.Page;
import io.telcred.common.PageRequest;
import io.telcred.common.UniqueViolationException;
import io.telcred.connection.ConnectionStates;
import io.telcred.crypto.RandomStrings;
import io.telcred.event.DomainEvent.ChangesMissed;
import io.telcred.event.DomainEvent.LoginChanged;
import io.telcred.event.DomainEvents;
import io.telcred.secret.SipSecret;
import io.telcred.secret.SipSecrets;
import io.telcred.token.TokenSubject;
import io.telcred.token.TokenSubjects;
import io.telcred.validation.Printable;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * On-demand credentials: each its own SIP identity under a connection, usable the moment it is
 * created and refused the moment it is deactivated, expires or is deleted. Expiry needs no sweeper:
 * it is decided from {@code expires_at} whenever a credential is read.
 */
public final class CredentialService implements TokenSubjects {

    static final int SIP_USERNAME_RANDOM = 22;
    static final int PASSWORD_HEX = 32;
    /** The longest name or tag. */
    static final int MAX_TEXT = 255;
    private static final int USERNAME_ATTEMPTS = 5;

    private final CredentialRepository credentials;
    private final ConnectionStates connectionStates;
    private final SipSecrets secrets;
    private final DomainEvents events;
    private final Clock clock;
    private final int maxCredentialsPerTag;
    /** Credentials by id, for reads and token checks; every change through this service or its connection evicts. */
    private final Cache<String, Optional<TelephonyCredential>> byId;

    public CredentialService(CredentialRepository credentials, ConnectionStates connectionStates, SipSecrets secrets, DomainEvents events, Clock clock,
                             int maxCredentialsPerTag, long cacheSize) {
        this.credentials = credentials;
        this.connectionStates = connectionStates;
        this.secrets = secrets;
        this.events = events;
        this.clock = clock;
        this.maxCredentialsPerTag = maxCredentialsPerTag;
        this.byId = Caffeine.newBuilder().maximumSize(cacheSize).build();
        events.subscribe(event -> {
            if (event instanceof LoginChanged changed && changed.credentialId() != null) {
                byId.invalidate(changed.credentialId());
            } else if (event instanceof ChangesMissed) {
                byId.invalidateAll();
            }
        });
    }

    public TelephonyCredential create(String accountId, NewCredential command) {
        if (command.connectionId() == null) {
            throw DomainException.missing("connection_id");
        }
        long connectionId = existingConnection(accountId, command.connectionId());
        String name = validText(command.name(), "name");
        String tag = validText(command.tag(), "tag");
        Instant now = clock.instant();
        Instant expiresAt = validExpiry(command.expiresAt(), now);
        requireRoomInTag(accountId, tag);

        String id = Ids.uuid();
        String password = RandomStrings.hexLower(PASSWORD_HEX);
        for (int attempt = 1; ; attempt++) {
            String sipUsername = LoginNames.ON_DEMAND_PREFIX + RandomStrings.alphanumeric(SIP_USERNAME_RANDOM);
            SipSecret secret = secrets.protect(TelephonyCredential.ownerOf(id), sipUsername, password);
            TelephonyCredential credential = new TelephonyCredential(id, accountId, connectionId,
                    name == null ? sipUsername : name, tag, sipUsername, secret, true, expiresAt, 0, now, now);
            try {
                credentials.insert(credential);
                events.publish(new LoginChanged(sipUsername, id, false));
                return credential;
            } catch (UniqueViolationException e) {
                // 131 random bits collide practically never; retrying keeps it from ever surfacing.
                if (attempt == USERNAME_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    public TelephonyCredential get(String accountId, String id) {
        if (!Ids.isUuid(id)) {
            throw DomainException.invalidId("'" + abbreviate(id) + "' is not a valid credential id.");
        }
        return byId.get(id, credentials::findById).filter(c -> c.accountId().equals(accountId))
                .orElseThrow(() -> DomainException.notFound("No telephony credential with id " + id + "."));
    }

    public Page<TelephonyCredential> list(String accountId, CredentialQuery query, PageRequest page) {
        return credentials.list(accountId, query, clock.instant(), page);
    }

    public TelephonyCredential update(String accountId, String id, CredentialChange change) {
        TelephonyCredential current = requireNotExpired(get(accountId, id));
        String name = validText(change.name(), "name");
        String tag = validText(change.tag(), "tag");
        Instant now = clock.instant();
        Instant expiresAt = validExpiry(change.expiresAt(), now);
        long connectionId = change.connectionId() == null ? current.connectionId()
                : existingConnection(accountId, change.connectionId());
        if (tag != null && !tag.equals(current.tag())) {
            requireRoomInTag(accountId, tag);
        }
        TelephonyCredential updated = new TelephonyCredential(current.id(), accountId, connectionId,
                name == null ? current.name() : name, tag == null ? current.tag() : tag, current.sipUsername(),
                current.secret(), current.active(), expiresAt == null ? current.expiresAt() : expiresAt,
                current.tokenGeneration(), current.createdAt(), now);
        credentials.update(updated);
        // Moving to another connection changes whose rules apply: end the sessions made under the old one.
        events.publish(new LoginChanged(current.sipUsername(), current.id(), connectionId != current.connectionId()));
        return updated;
    }

    public TelephonyCredential delete(String accountId, String id) {
        TelephonyCredential current = get(accountId, id);
        credentials.delete(current.id());
        events.publish(new LoginChanged(current.sipUsername(), current.id(), true));
        return current;
    }

    public TelephonyCredential activate(String accountId, String id) {
        return setActive(accountId, id, true);
    }

    public TelephonyCredential deactivate(String accountId, String id) {
        return setActive(accountId, id, false);
    }

    public Page<TagCount> tags(String accountId, PageRequest page) {
        return credentials.tags(accountId, page);
    }

    public String password(TelephonyCredential credential) {
        return secrets.reveal(credential.secretOwner(), credential.secret());
    }

    public Instant now() {
        return clock.instant();
    }

    /** What a login token needs to know of the credential {@code credentialId}, whatever its account. */
    @Override
    public Optional<TokenSubject> find(String credentialId) {
        if (!Ids.isUuid(credentialId)) {
            return Optional.empty();
        }
        return byId.get(credentialId, credentials::findById).map(this::subject);
    }

    public TokenSubject subject(TelephonyCredential credential) {
        boolean connectionActive = connectionStates.active(credential.connectionId());
        boolean mayLogIn = credential.active() && connectionActive && !credential.expired(clock.instant());
        return new TokenSubject(credential.id(), credential.accountId(), credential.sipUsername(), mayLogIn,
                credential.expiresAt(), credential.tokenGeneration());
    }

    private TelephonyCredential setActive(String accountId, String id, boolean active) {
        TelephonyCredential current = requireNotExpired(get(accountId, id));
        if (current.active() == active) {
            return current;
        }
        Instant now = clock.instant();
        TelephonyCredential updated = new TelephonyCredential(current.id(), accountId, current.connectionId(),
                current.name(), current.tag(), current.sipUsername(), current.secret(), active, current.expiresAt(),
                active ? current.tokenGeneration() : current.tokenGeneration() + 1, current.createdAt(), now);
        credentials.update(updated);
        events.publish(new LoginChanged(current.sipUsername(), current.id(), !active));
        return updated;
    }

    private TelephonyCredential requireNotExpired(TelephonyCredential credential) {
        if (credential.expired(clock.instant())) {
            throw DomainException.refused("The credential has expired; an expired credential can only be deleted.");
        }
        return credential;
    }

    private long existingConnection(String accountId, String connectionIdText) {
        long connectionId = Ids.parseNumeric(connectionIdText);
        if (connectionId < 0 || !connectionStates.belongsTo(connectionId, accountId)) {
            throw DomainException.associationNotFound("connection_id",
                    "No credential connection with id '" + abbreviate(connectionIdText) + "'.");
        }
        return connectionId;
    }

    private void requireRoomInTag(String accountId, String tag) {
        if (tag != null && credentials.countWithTag(accountId, tag) >= maxCredentialsPerTag) {
            throw DomainException.invalid("tag", "At most " + maxCredentialsPerTag + " credentials may share one tag.");
        }
    }

    /** A name or tag: null (not given), or 1 to 255 characters without control characters, not blank. */
    private static String validText(String text, String field) {
        if (text == null) {
            return null;
        }
        if (text.length() > MAX_TEXT) {
            throw DomainException.invalid(field, "'" + field + "' must be at most " + MAX_TEXT + " characters long.");
        }
        if (!Printable.is(text)) {
            throw DomainException.invalid(field, "'" + field + "' must not contain control characters.");
        }
        if (text.isBlank()) {
            throw DomainException.invalid(field, "'" + field + "' must not be blank.");
        }
        return text;
    }

    private static Instant validExpiry(Instant expiresAt, Instant now) {
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw DomainException.invalid("expires_at", "'expires_at' must be in the future.");
        }
        return expiresAt;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
