package io.telcred.credential;

import io.telcred.token.TokenIssuer;

/** Mints login tokens for an account's own credentials. */
public final class CredentialTokens {

    private final CredentialService credentials;
    private final TokenIssuer issuer;

    public CredentialTokens(CredentialService credentials, TokenIssuer issuer) {
        this.credentials = credentials;
        this.issuer = issuer;
    }

    /** A token for the account's credential; the issuer refuses one that is inactive or expired. */
    public String mint(String accountId, String credentialId) {
        return issuer.mint(credentials.subject(credentials.get(accountId, credentialId)));
    }
}
