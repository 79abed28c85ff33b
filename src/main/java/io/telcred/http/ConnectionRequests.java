package io.telcred.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.connection.ConnectionChange;
import io.telcred.connection.ConnectionSettings;
import io.telcred.connection.NewConnection;
import io.telcred.json.SettingsJson;

/** The bodies of {@code /v2/credential_connections} as the connection service's commands. */
final class ConnectionRequests {

    private ConnectionRequests() {
    }

    static NewConnection create(JsonNode body) {
        return new NewConnection(BodyFields.string(body, "connection_name"), BodyFields.string(body, "user_name"),
                BodyFields.string(body, "password"), BodyFields.bool(body, "active"),
                SettingsJson.merged(ConnectionSettings.DEFAULTS, body));
    }

    /** A PATCH: the members present change, nested settings field by field (see {@link SettingsJson}). */
    static ConnectionChange change(JsonNode body) {
        return new ConnectionChange(BodyFields.string(body, "connection_name"), BodyFields.string(body, "user_name"),
                BodyFields.string(body, "password"), BodyFields.bool(body, "active"),
                current -> SettingsJson.merged(current, body));
    }
}
