package io.telcred.location;

import io.telcred.common.PageRequest;
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

    /** From the listing, which in a cluster holds every node's bindings. */
    public static RegistrationStatus of(String accountId, String loginName, Location location) {
        var newest = location.list(accountId, new RegistrationQuery(null, loginName, null), new PageRequest(1, 1)).items();
        return newest.isEmpty()
                ? new RegistrationStatus(NOT_REGISTERED, loginName, null)
                : new RegistrationStatus(REGISTERED, loginName, newest.get(0));
    }

    public Instant lastRegistration() {
        return binding == null ? null : binding.registeredAt();
    }
}
