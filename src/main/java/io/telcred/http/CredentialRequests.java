package io.telcred.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.credential.CredentialChange;
import io.telcred.credential.NewCredential;

/** The bodies of {@code /v2/telephony_credentials} as the credential service's commands. */
final class CredentialRequests {

    private CredentialRequests() {
    }

    static NewCredential create(JsonNode body) {
        return new NewCredential(BodyFields.id(body, "connection_id"), BodyFields.string(body, "name"),
                BodyFields.string(body, "tag"), BodyFields.instant(body, "expires_at"));
    }

    static CredentialChange change(JsonNode body) {
        return new CredentialChange(BodyFields.id(body, "connection_id"), BodyFields.string(body, "name"),
                BodyFields.string(body, "tag"), BodyFields.instant(body, "expires_at"));
    }
}
