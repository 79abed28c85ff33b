package io.telcred.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.json.Json;
import io.telcred.location.Binding;
import io.telcred.location.RegistrationStatus;

/** The wire forms of registrations: one binding ({@code "registration"}) and a connection's status ({@code "registration_status"}). */
final class RegistrationJson {

    private RegistrationJson() {
    }

    static ObjectNode render(Binding b) {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("record_type", "registration")
                .put("sip_username", b.loginName())
                .put("credential_id", b.credentialId())
                .put("connection_id", Long.toString(b.connectionId()))
                .put("transport", b.transport().name())
                .put("ip_address", b.sourceAddress())
                .put("port", b.sourcePort())
                .put("user_agent", b.userAgent())
                .put("contact", b.contact())
                .put("registered_at", Timestamps.format(b.registeredAt()))
                .put("expires_at", Timestamps.format(b.expiresAt()));
        return node;
    }

    static ObjectNode render(RegistrationStatus status) {
        Binding b = status.binding();
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("record_type", "registration_status")
                .put("status", status.status())
                .put("sip_username", status.loginName());
        node.put("ip_address", b == null ? null : b.sourceAddress());
        if (b == null) {
            node.putNull("port");
        } else {
            node.put("port", b.sourcePort());
        }
        node.put("transport", b == null ? null : b.transport().name());
        node.put("user_agent", b == null ? null : b.userAgent());
        node.put("last_registration", Timestamps.format(status.lastRegistration()));
        return node;
    }
}
