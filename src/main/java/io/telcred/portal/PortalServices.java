package io.telcred.portal;

import io.telcred.account.AccountService;
import io.telcred.connection.ConnectionService;
import io.telcred.credential.CredentialService;
import io.telcred.credential.CredentialTokens;
import io.telcred.location.Location;
import io.telcred.turn.TurnCredentials;
import io.telcred.user.UserService;
import java.util.Optional;

/**
 * The domain services the portal's pages call, always with the signed-in user's account; TURN
 * credentials for the test-call page when the operator runs TURN.
 */
public record PortalServices(UserService users, AccountService accounts, ConnectionService connections,
                             CredentialService credentials, CredentialTokens tokens, Location location,
                             Optional<TurnCredentials> turn) {
}
