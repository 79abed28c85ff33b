package io.telcred.http;

import io.telcred.account.AccountService;
import io.telcred.common.Readiness;
import io.telcred.connection.ConnectionService;
import io.telcred.credential.CredentialService;
import io.telcred.credential.CredentialTokens;
import io.telcred.location.Location;
import io.telcred.token.SigningKeys;

/** The domain services the HTTP door translates to, and what {@code /ready} asks. */
public record HttpServices(AccountService accounts, ConnectionService connections, CredentialService credentials,
                           CredentialTokens tokens, SigningKeys signingKeys, Location location, Readiness readiness) {
}
