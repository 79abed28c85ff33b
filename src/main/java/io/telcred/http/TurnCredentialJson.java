package io.telcred.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.json.Json;
import io.telcred.turn.TurnCredential;

/**
 * The wire form of a TURN credential ({@code "turn_credential"}). {@code ice_servers} is the same
 * credential as a browser's {@code RTCPeerConnection} takes it, to be passed on unchanged.
 */
final class TurnCredentialJson {

    private TurnCredentialJson() {
    }

    static ObjectNode render(TurnCredential credential) {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("record_type", "turn_credential")
                .put("username", credential.username())
                .put("password", credential.password())
                .put("ttl", credential.ttl().toSeconds())
                .put("expires_at", Timestamps.format(credential.expiresAt()));
        ArrayNode uris = node.putArray("uris");
        credential.uris().forEach(uris::add);
        ObjectNode iceServer = node.putArray("ice_servers").addObject();
        iceServer.set("urls", uris.deepCopy());
        iceServer.put("username", credential.username()).put("credential", credential.password());
        return node;
    }
}
