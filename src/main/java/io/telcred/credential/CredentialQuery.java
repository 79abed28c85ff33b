package io.telcred.credential;

/** Filters of a credential listing; null filters are off. Results are newest first. */
public record CredentialQuery(String tag, String name, CredentialStatus status, Long connectionId, String sipUsername) {

    public static CredentialQuery all() {
        return new CredentialQuery(null, null, null, null, null);
    }
}
