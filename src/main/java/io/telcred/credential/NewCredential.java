package io.telcred.credential;

import java.time.Instant;

/**
 * An on-demand credential to create under a connection; a null field is one the request did not give.
 *
 * @param connectionId the connection's id as the client wrote it
 * @param name         null to be named by its SIP user name
 * @param expiresAt    null for never
 */
public record NewCredential(String connectionId, String name, String tag, Instant expiresAt) {
}
