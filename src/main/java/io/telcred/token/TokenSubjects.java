package io.telcred.token;

import java.util.Optional;

/** Looks up the credential behind a token's {@code sub}; empty when it no longer exists. */
@FunctionalInterface
public interface TokenSubjects {

    Optional<TokenSubject> find(String credentialId);
}
