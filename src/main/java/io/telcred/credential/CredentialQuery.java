package io.telcred.credential;

/**
 * Filters of a credential listing; null filters are off. Results are newest first.
 *
 * @param tag, name, sipUsername exact values, as the REST API's filters are
 * @param text                   a part of the name or of the SIP user name, in any case (the portal's search box)
 */
public record CredentialQuery(String tag, String name, CredentialStatus status, Long connectionId, String sipUsername,
        String text) {

    public CredentialQuery(String tag, String name, CredentialStatus status, Long connectionId, String sipUsername) {
        this(tag, name, status, connectionId, sipUsername, null);
    }

    public static CredentialQuery all() {
        return new CredentialQuery(null, null, null, null, null);
    }
}
