package io.telcred.connection;

import io.telcred.common.DomainException;
import io.telcred.common.Ids;
import io.telcred.common.LoginNames;
import io.telcred.common.Page;
import io.telcred.common.PageRequest;
import io.telcred.common.UniqueViolationException;
import io.telcred.event.DomainEvent.ConnectionChanged;
import io.telcred.event.DomainEvent.LoginChanged;
import io.telcred.event.DomainEvents;
import io.telcred.secret.SipSecret;
import io.telcred.secret.SipSecrets;
import io.telcred.validation.Checks;
import io.telcred.validation.Printable;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Credential connections of an account: create, read, list, edit, delete. */
public final class ConnectionService {

    static final int MIN_USER_NAME = 4;
    static final int MAX_USER_NAME = 32;
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 128;
    static final int MAX_CONNECTION_NAME = 255;

    private final ConnectionRepository connections;
    private final SipSecrets secrets;
    private final DomainEvents events;
    private final Clock clock;
    private final LoginProposals proposals;

    public ConnectionService(ConnectionRepository connections, SipSecrets secrets, DomainEvents events, Clock clock) {
        this.connections = connections;
        this.secrets = secrets;
        this.events = events;
        this.clock = clock;
        this.proposals = new LoginProposals(connections::userNameTaken);
    }

    /**
     * A login for a new connection of this name, free at the moment of asking; nothing is stored,
     * so {@link #create} still refuses the user name if another connection takes it first.
     */
    public LoginProposal proposeLogin(String connectionName) {
        return proposals.propose(validConnectionName(required(connectionName, "connection_name")));
    }

    public CredentialConnection create(String accountId, NewConnection command) {
        String userName = validUserName(required(command.userName(), "user_name"));
        String password = validPassword(required(command.password(), "password"));
        String connectionName = validConnectionName(required(command.connectionName(), "connection_name"));
        ConnectionSettings settings = Checks.valid(command.settings() == null ? ConnectionSettings.DEFAULTS : command.settings());
        requireFreeUserName(userName);

        long id = Ids.numeric();
        Instant now = clock.instant();
        SipSecret secret = secrets.protect(CredentialConnection.ownerOf(id), userName, password);
        CredentialConnection connection = new CredentialConnection(id, accountId, connectionName, userName, secret,
                command.active() == null || command.active(), settings, now, now);
        try {
            connections.insert(connection);
        } catch (UniqueViolationException e) {
            throw userNameTaken(userName);
        }
        // An id looked up before it existed may be remembered as absent: forget that.
        events.publish(new ConnectionChanged(id, false));
        events.publish(LoginChanged.ofConnection(userName, false));
        return connection;
    }

    public CredentialConnection get(String accountId, String id) {
        long numeric = Ids.parseNumeric(id);
        if (numeric < 0) {
            throw DomainException.invalidId("'" + abbreviate(id) + "' is not a valid connection id.");
        }
        return connections.find(accountId, numeric)
                .orElseThrow(() -> DomainException.notFound("No credential connection with id " + numeric + "."));
    }

    public Page<CredentialConnection> list(String accountId, ConnectionQuery query, PageRequest page) {
        return connections.list(accountId, query, page);
    }

    public CredentialConnection update(String accountId, String id, ConnectionChange change) {
        CredentialConnection current = get(accountId, id);
        String userName = change.userName();
        String password = change.password();
        String connectionName = change.connectionName();
        Boolean active = change.active();
        ConnectionSettings settings = Checks.valid(change.settings().apply(current.settings()));

        boolean renamed = userName != null && !validUserName(userName).equals(current.userName());
        if (renamed && !userName.equalsIgnoreCase(current.userName())) {
            requireFreeUserName(userName);
        }
        boolean newPassword = password != null && !validPassword(password).equals(secrets.reveal(current.secretOwner(), current.secret()));
        String finalUserName = renamed ? userName : current.userName();
        SipSecret secret = current.secret();
        if (renamed || newPassword) {
            String plain = newPassword ? password : secrets.reveal(current.secretOwner(), current.secret());
            secret = secrets.protect(current.secretOwner(), finalUserName, plain);
        }
        boolean nowActive = active == null ? current.active() : active;
        CredentialConnection updated = new CredentialConnection(current.id(), accountId,
                connectionName == null ? current.connectionName() : validConnectionName(connectionName),
                finalUserName, secret, nowActive, settings, current.createdAt(), clock.instant());
        try {
            connections.update(updated);
        } catch (UniqueViolationException e) {
            throw userNameTaken(finalUserName);
        }
        boolean deactivated = current.active() && !nowActive;
        events.publish(LoginChanged.ofConnection(current.userName(), renamed || newPassword || deactivated));
        if (renamed) {
            events.publish(LoginChanged.ofConnection(finalUserName, false));
        }
        // Every edit: what caches the connection's settings (where its webhooks go) reads them anew.
        events.publish(new ConnectionChanged(current.id(), deactivated));
        return updated;
    }

    public CredentialConnection delete(String accountId, String id) {
        CredentialConnection current = get(accountId, id);
        List<RemovedLogin> credentials = connections.delete(current.id());
        events.publish(new ConnectionChanged(current.id(), true));
        events.publish(LoginChanged.ofConnection(current.userName(), true));
        credentials.forEach(c -> events.publish(new LoginChanged(c.loginName(), c.credentialId(), true)));
        return current;
    }

    /** The plain password, for the API's and the portal's display. */
    public String password(CredentialConnection connection) {
        return secrets.reveal(connection.secretOwner(), connection.secret());
    }

    private static String required(String value, String field) {
        if (value == null) {
            throw DomainException.missing(field);
        }
        return value;
    }

    private void requireFreeUserName(String userName) {
        if (connections.userNameTaken(userName)) {
            throw userNameTaken(userName);
        }
    }

    private static DomainException userNameTaken(String userName) {
        return DomainException.duplicate("user_name", "The user name '" + userName + "' is already in use.");
    }

    static String validUserName(String userName) {
        if (userName.length() < MIN_USER_NAME || userName.length() > MAX_USER_NAME) {
            throw DomainException.invalid("user_name", "'user_name' must be " + MIN_USER_NAME + " to " + MAX_USER_NAME + " characters long.");
        }
        boolean letterInFirstFive = false;
        for (int i = 0; i < userName.length(); i++) {
            char c = userName.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && !(c >= '0' && c <= '9')) {
                throw DomainException.invalid("user_name", "'user_name' may contain only the letters A-Z, a-z and the digits 0-9.");
            }
            letterInFirstFive |= letter && i < 5;
        }
        if (!letterInFirstFive) {
            throw DomainException.invalid("user_name", "'user_name' must have a letter among its first five characters.");
        }
        if (LoginNames.reservedForOnDemand(userName)) {
            throw DomainException.invalid("user_name", "User names beginning with '" + LoginNames.ON_DEMAND_PREFIX
                    + "' are reserved for on-demand credentials.");
        }
        return userName;
    }

    static String validPassword(String password) {
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw DomainException.invalid("password", "'password' must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long.");
        }
        if (!Printable.is(password)) {
            throw DomainException.invalid("password", "'password' must not contain control characters.");
        }
        return password;
    }

    static String validConnectionName(String name) {
        if (name.isBlank() || name.length() > MAX_CONNECTION_NAME) {
            throw DomainException.invalid("connection_name", "'connection_name' must be 1 to " + MAX_CONNECTION_NAME + " characters long and not blank.");
        }
        if (!Printable.is(name)) {
            throw DomainException.invalid("connection_name", "'connection_name' must not contain control characters.");
        }
        return name;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
