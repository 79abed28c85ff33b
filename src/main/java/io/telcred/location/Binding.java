package io.telcred.location;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * One live registration (RFC 3261 §10, RFC 5626): a login name reachable at a contact until it
 * expires. Requests to it go over the flow it registered on when that is still open, else to the
 * source address and port the REGISTER came from (which is right behind NAT, unlike the Contact).
 *
 * @param credentialId the on-demand credential's id, or null for a connection's own login
 * @param instanceId   the {@code +sip.instance} of the device, or null
 * @param regId        the {@code reg-id} of the flow (RFC 5626), or 0
 * @param path         the {@code Path} header values of the REGISTER (RFC 3327), outermost first
 * @param flowId       the stream connection it registered on, or null for UDP
 */
public record Binding(String loginName, String accountId, long connectionId, String credentialId, String contact,
                      String instanceId, int regId, List<String> path, Transport transport, String sourceAddress,
                      int sourcePort, String flowId, String userAgent, String callId, long cseq,
                      Instant registeredAt, Instant expiresAt) {

    /** The contact of a WebRTC session's binding starts with this, followed by its {@code sessid}. */
    public static final String RTC_CONTACT_PREFIX = "rtc:";

    /** The order bindings are listed in: the newest registration first. */
    public static final Comparator<Binding> NEWEST_FIRST = Comparator.comparing(Binding::registeredAt).reversed()
            .thenComparing(Binding::loginName).thenComparing(Binding::key);

    public Binding {
        path = List.copyOf(path);
    }

    /** A WebRTC session rather than a SIP registration: reached through its door's calls, not by SIP. */
    public boolean webRtc() {
        return contact.startsWith(RTC_CONTACT_PREFIX);
    }

    public boolean live(Instant now) {
        return expiresAt.isAfter(now);
    }

    /**
     * What makes two registrations the same binding: the device instance and flow when the client
     * says them (RFC 5626 §6), else the contact URI.
     */
    public String key() {
        return instanceId != null ? instanceId + "#" + regId : contact;
    }
}
