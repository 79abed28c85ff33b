package io.telcred.location;

/** Filters of a registrations listing; null filters are off. */
public record RegistrationQuery(Long connectionId, String sipUsername, String credentialId) {

    public boolean matches(Binding b) {
        return (connectionId == null || connectionId == b.connectionId())
                && (sipUsername == null || sipUsername.equals(b.loginName()))
                && (credentialId == null || credentialId.equals(b.credentialId()));
    }
}
