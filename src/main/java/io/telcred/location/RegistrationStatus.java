package io.telcred.location;

import java.time.Instant;

/**
 * What {@code check_registration_status} answers for a login name.
 *
 * @param status one of the API's words: "Registered", "Not Registered" (and, once the registrar
 *               keeps history, "Expired", "Unregistered", "Failed")
 * @param binding the newest live binding, or null
 */
public record RegistrationStatus(String status, String loginName, Binding binding) {

    public static final String REGISTERED = "Registered";
    public static final String NOT_REGISTERED = "Not Registered";

    public static RegistrationStatus of(String loginName, Location location) {
        var bindings = location.bindings(loginName);
        return bindings.isEmpty()
                ? new RegistrationStatus(NOT_REGISTERED, loginName, null)
                : new RegistrationStatus(REGISTERED, loginName, bindings.get(0));
    }

    public Instant lastRegistration() {
        return binding == null ? null : binding.registeredAt();
    }
}
