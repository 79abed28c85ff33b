package io.telcred.http;

import io.telcred.account.AccountService;
import io.telcred.callcontrol.CallControl;
import io.telcred.common.ReadinessChecks;
import io.telcred.connection.ConnectionService;
import io.telcred.credential.CredentialService;
import io.telcred.credential.CredentialTokens;
import io.telcred.location.Location;
import io.telcred.token.SigningKeys;
import io.telcred.turn.TurnCredentials;
import io.telcred.webhook.WebhookOutbox;
import io.telcred.webhook.WebhookSigner;
import java.util.Optional;

/**
 * The domain services the HTTP door translates to, and what {@code /ready} asks.
 *
 * @param turnCredentials empty when TURN is not configured
 */
public record HttpServices(AccountService accounts, ConnectionService connections, CredentialService credentials,
                           CredentialTokens tokens, SigningKeys signingKeys, Location location, ReadinessChecks readiness,
                           Optional<TurnCredentials> turnCredentials, CallControl callControl,
                           WebhookSigner webhookSigner, WebhookOutbox webhookOutbox) {
}
