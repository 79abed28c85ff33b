package io.telcred.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.event.DomainEvent;
import io.telcred.event.DomainEvent.ApiKeyRevoked;
import io.telcred.event.DomainEvent.ChangesMissed;
import io.telcred.event.DomainEvent.ConnectionChanged;
import io.telcred.event.DomainEvent.LoginChanged;
import io.telcred.event.DomainEvent.PairRefused;
import io.telcred.event.DomainEvent.PortalSessionEnded;
import io.telcred.event.DomainEvent.SigningKeyRotated;
import io.telcred.event.DomainEvent.SourceBanned;

/**
 * An event between nodes as one short JSON object: the format's version {@code v}, the node that
 * made it, its {@code type}, and the few fields of that type, such as
 * {@code {"v":1,"node":"node-a","type":"login_changed","login":"gencred...","credential":"...","revoked":true}}.
 * Ids and names only, never a secret. A node reads only the version it speaks and ignores types it
 * does not know, so that nodes of a newer release can join a running cluster.
 */
final class EventWire {

    /** Raised by a change that old nodes could not ignore safely; they then skip such messages. */
    static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventWire() {
    }

    /** An event as it travels, with the node that made it. */
    record Message(String nodeId, DomainEvent event) {
    }

    static String encode(String nodeId, DomainEvent event) {
        ObjectNode json = MAPPER.createObjectNode().put("v", VERSION).put("node", nodeId);
        if (event instanceof LoginChanged changed) {
            json.put("type", "login_changed").put("login", changed.loginName()).put("credential", changed.credentialId())
                    .put("revoked", changed.revoked());
        } else if (event instanceof ConnectionChanged changed) {
            json.put("type", "connection_changed").put("connection", changed.connectionId()).put("revoked", changed.revoked());
        } else if (event instanceof ApiKeyRevoked revoked) {
            json.put("type", "api_key_revoked").put("key", revoked.keyId());
        } else if (event instanceof PortalSessionEnded) {
            json.put("type", "portal_session_ended");
        } else if (event instanceof SigningKeyRotated rotated) {
            json.put("type", "signing_key_rotated").put("kid", rotated.kid());
        } else if (event instanceof SourceBanned banned) {
            json.put("type", "source_banned").put("source", banned.source()).put("until", banned.untilMillis());
        } else if (event instanceof PairRefused refused) {
            json.put("type", "pair_refused").put("source", refused.source()).put("user", refused.user())
                    .put("until", refused.untilMillis());
        } else if (event instanceof ChangesMissed) {
            json.put("type", "changes_missed");
        } else {
            throw new IllegalArgumentException("no wire form for " + event.getClass().getSimpleName());
        }
        return json.toString();
    }

    /**
     * The message in {@code text}; {@link Unreadable} with the reason when it is not JSON, not of
     * this version, of an unknown type or missing a field.
     */
    static Message decode(String text) {
        JsonNode json;
        try {
            json = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Unreadable("not JSON");
        }
        if (json == null || !json.isObject()) {
            throw new Unreadable("not a JSON object");
        }
        if (json.path("v").asInt(-1) != VERSION) {
            throw new Unreadable("of version " + json.path("v") + ", this node reads version " + VERSION);
        }
        String type = json.path("type").asText("");
        DomainEvent event = switch (type) {
            case "login_changed" -> new LoginChanged(text(json, "login"), optionalText(json, "credential"),
                    bool(json, "revoked"));
            case "connection_changed" -> new ConnectionChanged(number(json, "connection"), bool(json, "revoked"));
            case "api_key_revoked" -> new ApiKeyRevoked(text(json, "key"));
            case "portal_session_ended" -> new PortalSessionEnded();
            case "signing_key_rotated" -> new SigningKeyRotated(text(json, "kid"));
            case "source_banned" -> new SourceBanned(text(json, "source"), number(json, "until"));
            case "pair_refused" -> new PairRefused(text(json, "source"), text(json, "user"), number(json, "until"));
            case "changes_missed" -> new ChangesMissed();
            default -> throw new Unreadable("of unknown type '" + abbreviate(type) + "'");
        };
        return new Message(text(json, "node"), event);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new Unreadable("without the text field '" + field + "'");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : text(json, field);
    }

    private static boolean bool(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isBoolean()) {
            throw new Unreadable("without the boolean field '" + field + "'");
        }
        return value.asBoolean();
    }

    private static long number(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new Unreadable("without the whole-number field '" + field + "'");
        }
        return value.asLong();
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** A message this node cannot read; the reason says why, without repeating the message. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }
}
