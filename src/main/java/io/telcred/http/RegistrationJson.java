package io.telcred.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.common.Json;
import io.telcred.location.Binding;
import io.telcred.location.RegistrationStatus;

/** The wire form of a registration status ({@code record_type: "registration_status"}). */
final class RegistrationJson {

    private RegistrationJson() {
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
