package io.telcred.location;

/** Filters of a registrations listing; null filters are off. */
public record RegistrationQuery(Long connectionId, String sipUsername, String credentialId) {
}
