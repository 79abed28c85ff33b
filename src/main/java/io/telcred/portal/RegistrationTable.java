package io.telcred.portal;

import io.telcred.common.DomainException;
import io.telcred.common.Page;
import io.telcred.common.PageRequest;
import io.telcred.connection.ConnectionQuery;
import io.telcred.connection.ConnectionService;
import io.telcred.connection.CredentialConnection;
import io.telcred.credential.CredentialService;
import io.telcred.location.Binding;
import io.telcred.location.Location;
import io.telcred.location.RegistrationQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who of an account is registered or logged in now, as the registrations page shows it: the live
 * bindings of the location service (SIP registrations and WebRTC sessions alike), with the names of
 * the credentials and connections they belong to. The page and its event stream show the same rows.
 */
final class RegistrationTable {

    /** The newest this many are shown; the page says how many more there are. */
    static final int MAX_ROWS = 500;
    /** The connection filter offers this many connections, by name. */
    static final int MAX_CONNECTIONS = 500;

    private final Location location;
    private final ConnectionService connections;
    private final CredentialService credentials;

    RegistrationTable(Location location, ConnectionService connections, CredentialService credentials) {
        this.location = location;
        this.connections = connections;
        this.credentials = credentials;
    }

    /** The account's connections, for the filter. */
    List<CredentialConnection> connections(String accountId) {
        return connections.list(accountId, new ConnectionQuery(null, null, null, ConnectionQuery.Sort.CONNECTION_NAME),
                new PageRequest(1, MAX_CONNECTIONS)).items();
    }

    /**
     * The connection a filter names, checked to be the account's (another account's is not found), or
     * null for no filter.
     */
    Long connectionFilter(String accountId, String filter) {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        return connections.get(accountId, filter.strip()).id();
    }

    /** The account's live bindings, newest first: read from memory, cheap enough to ask every second. */
    Page<Binding> bindings(String accountId, Long connectionId) {
        return location.list(accountId, new RegistrationQuery(connectionId, null, null), new PageRequest(1, MAX_ROWS));
    }

    /** The rows of these bindings, with the names of their credentials and connections. */
    Snapshot snapshot(String accountId, Page<Binding> bindings) {
        Map<Long, String> connectionNames = new HashMap<>();
        Map<String, String> credentialNames = new HashMap<>();
        List<RegistrationRow> rows = bindings.items().stream().map(b -> RegistrationRow.of(b,
                connectionNames.computeIfAbsent(b.connectionId(), id -> connectionName(accountId, id)),
                b.credentialId() == null ? null
                        : credentialNames.computeIfAbsent(b.credentialId(), id -> credentialName(accountId, id))))
                .toList();
        return new Snapshot(rows, bindings.totalResults());
    }

    private String connectionName(String accountId, long id) {
        try {
            return connections.get(accountId, Long.toString(id)).connectionName();
        } catch (DomainException e) {
            // Deleted a moment ago: its bindings go with it on the next change.
            return "";
        }
    }

    private String credentialName(String accountId, String id) {
        try {
            String name = credentials.get(accountId, id).name();
            return name == null ? "" : name;
        } catch (DomainException e) {
            return "";
        }
    }

    /**
     * What the table shows, and how many registrations there are in all (more than the rows when
     * over {@link #MAX_ROWS}).
     */
    record Snapshot(List<RegistrationRow> rows, long total) {

        boolean partial() {
            return total > rows.size();
        }
    }

    /**
     * One row, in words: the values are text as shown, so that the page and its script show the same.
     *
     * @param sipUsername    the login name that registered
     * @param owner          what the login belongs to: "Credential …" or "Connection login"
     * @param connectionName the connection's name, or its id when it has none
     * @param address        the source address and port the registration came from
     * @param expires        when a SIP registration runs out; WebRTC sessions last "while connected"
     */
    record RegistrationRow(String sipUsername, String owner, String connectionId, String connectionName,
                           String transport, String address, String userAgent, String since, String expires) {

        static RegistrationRow of(Binding b, String connectionName, String credentialName) {
            String owner = b.credentialId() == null ? "Connection login"
                    : credentialName.isEmpty() ? "Credential" : "Credential " + credentialName;
            String connection = Long.toString(b.connectionId());
            return new RegistrationRow(b.loginName(), owner, connection, connectionName.isEmpty() ? connection : connectionName,
                    b.webRtc() ? "WebRTC (" + b.transport().name() + ")" : b.transport().name(),
                    address(b.sourceAddress(), b.sourcePort()), b.userAgent() == null ? "" : b.userAgent(),
                    Format.time(b.registeredAt()), b.webRtc() ? "while connected" : Format.time(b.expiresAt()));
        }

        private static String address(String host, int port) {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
