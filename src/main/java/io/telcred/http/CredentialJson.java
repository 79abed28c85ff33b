package io.telcred.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.credential.CredentialService;
import io.telcred.credential.TagCount;
import io.telcred.credential.TelephonyCredential;
import io.telcred.json.Json;
import java.time.Instant;

/** The wire form of an on-demand credential ({@code record_type: "credential"}). */
final class CredentialJson {

    private final CredentialService credentials;

    CredentialJson(CredentialService credentials) {
        this.credentials = credentials;
    }

    ObjectNode render(TelephonyCredential c) {
        Instant now = credentials.now();
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("id", c.id())
                .put("record_type", "credential")
                .put("name", c.name())
                .put("tag", c.tag())
                .put("resource_id", "connection:" + c.connectionId())
                .put("sip_username", c.sipUsername())
                .put("sip_password", credentials.password(c))
                .put("expired", c.expired(now))
                .put("expires_at", Timestamps.format(c.expiresAt()))
                .put("status", c.status(now).wireName())
                .put("created_at", Timestamps.format(c.createdAt()))
                .put("updated_at", Timestamps.format(c.updatedAt()))
                .put("user_id", c.accountId());
        return node;
    }

    static ObjectNode render(TagCount tag) {
        return Json.MAPPER.createObjectNode().put("tag", tag.tag()).put("amount", tag.amount());
    }
}
