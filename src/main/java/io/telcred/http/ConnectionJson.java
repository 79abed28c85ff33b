package io.telcred.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.connection.ConnectionService;
import io.telcred.connection.CredentialConnection;
import io.telcred.json.Json;
import io.telcred.json.SettingsJson;

/** The wire form of a credential connection: its core fields and every stored setting. */
final class ConnectionJson {

    private final ConnectionService connections;

    ConnectionJson(ConnectionService connections) {
        this.connections = connections;
    }

    ObjectNode render(CredentialConnection c) {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("id", c.idText())
                .put("record_type", "credential_connection")
                .put("active", c.active())
                .put("user_name", c.userName())
                .put("password", connections.password(c))
                .put("connection_name", c.connectionName())
                .put("created_at", Timestamps.format(c.createdAt()))
                .put("updated_at", Timestamps.format(c.updatedAt()));
        node.setAll(SettingsJson.write(c.settings()));
        return node;
    }
}
