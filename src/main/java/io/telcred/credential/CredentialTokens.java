package io.telcred.credential;

import io.telcred.common.DomainException;
import io.telcred.token.TokenIssuer;
import io.telcred.token.TokenSubject;

/** Mints login tokens for an account's own credentials. */
public final class CredentialTokens {

    private final CredentialService credentials;
    private final TokenIssuer issuer;

    public CredentialTokens(CredentialService credentials, TokenIssuer issuer) {
        this.credentials = credentials;
        this.issuer = issuer;
    }

    public String mint(String accountId, String credentialId) {
        TelephonyCredential credential = credentials.get(accountId, credentialId);
        if (credential.expired(credentials.now())) {
            throw DomainException.refused("The credential has expired; no token can be made for it.");
        }
        TokenSubject subject = credentials.subject(credential);
        if (!subject.mayLogIn()) {
            throw DomainException.refused("The credential or its connection is inactive; no token can be made for it.");
        }
        return issuer.mint(subject);
    }
}
