package io.telcred.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.telcred.location.Binding;
import io.telcred.location.Transport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A login name's bindings on one node as Redis keeps them for the other nodes' listings: a JSON
 * array of the fields a listing shows, such as
 * {@code [{"login":"gencred...","account":"...","connection":7,"credential":"...","contact":"sip:...",
 * "transport":"UDP","ip":"192.0.2.1","port":5060,"user_agent":"...","registered_at":1700000000000,
 * "expires_at":1700000600000,"path":[],"call_id_fingerprint":-1234,"cseq":3}]}. With the path and
 * the REGISTER's Call-ID (its 64-bit fingerprint, all a binding keeps of it) and CSeq, so that the node restarted under the same id can take a UDP binding back, route
 * to it and accept its next refresh ({@link EarlierBindings}). Never the flow: a stream connection
 * dies with the process that held it.
 */
final class BindingWire {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BindingWire() {
    }

    static String encode(List<Binding> bindings) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Binding b : bindings) {
            array.addObject().put("login", b.loginName()).put("account", b.accountId()).put("connection", b.connectionId())
                    .put("credential", b.credentialId()).put("contact", b.contact()).put("instance", b.instanceId())
                    .put("reg_id", b.regId()).put("transport", b.transport().name()).put("ip", b.sourceAddress())
                    .put("port", b.sourcePort()).put("user_agent", b.userAgent())
                    .put("registered_at", b.registeredAt().toEpochMilli()).put("expires_at", b.expiresAt().toEpochMilli())
                    .put("call_id_fingerprint", b.callIdFingerprint()).put("cseq", b.cseq())
                    .putArray("path").addAll(b.path().stream().map(array::textNode).toList());
        }
        return array.toString();
    }

    /** The bindings in {@code text}; {@link EventWire.Unreadable} when it is not such an array. */
    static List<Binding> decode(String text) {
        JsonNode array;
        try {
            array = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new EventWire.Unreadable("not JSON");
        }
        if (array == null || !array.isArray()) {
            throw new EventWire.Unreadable("not a JSON array");
        }
        List<Binding> bindings = new ArrayList<>(array.size());
        for (JsonNode b : array) {
            Transport transport;
            try {
                transport = Transport.valueOf(b.path("transport").asText(""));
            } catch (IllegalArgumentException e) {
                throw new EventWire.Unreadable("of an unknown transport");
            }
            bindings.add(new Binding(text(b, "login"), text(b, "account"), b.path("connection").asLong(),
                    b.path("credential").textValue(), text(b, "contact"), b.path("instance").textValue(),
                    b.path("reg_id").asInt(), path(b), transport, b.path("ip").textValue(), b.path("port").asInt(),
                    null, b.path("user_agent").textValue(), b.path("call_id_fingerprint").asLong(0), b.path("cseq").asLong(),
                    Instant.ofEpochMilli(b.path("registered_at").asLong()), Instant.ofEpochMilli(b.path("expires_at").asLong())));
        }
        return bindings;
    }

    /** The Path header values; none when a node of an earlier version wrote the binding without them. */
    private static List<String> path(JsonNode binding) {
        List<String> path = new ArrayList<>();
        for (JsonNode value : binding.path("path")) {
            if (!value.isTextual()) {
                throw new EventWire.Unreadable("with a path that is not text");
            }
            path.add(value.textValue());
        }
        return path;
    }

    private static String text(JsonNode json, String field) {
        String value = json.path(field).textValue();
        if (value == null || value.isEmpty()) {
            throw new EventWire.Unreadable("without the text field '" + field + "'");
        }
        return value;
    }
}
