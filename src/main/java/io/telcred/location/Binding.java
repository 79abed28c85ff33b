package io.telcred.location;

import io.telcred.common.Hash64;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One live registration (RFC 3261 §10, RFC 5626): a login name reachable at a contact until it
 * expires. Requests to it go over the flow it registered on when that is still open, else to the
 * source address and port the REGISTER came from (which is right behind NAT, unlike the Contact).
 *
 * <p>A node holds one per registered device, a million of them on a large one, so it keeps its
 * times as milliseconds, an IPv4 source address as an int, and its REGISTER's Call-ID as a 64-bit
 * fingerprint (all the ordering check of RFC 3261 §10.3 needs), and shares the texts it was given
 * (the login's, the account's).
 */
public final class Binding {

    /** The contact of a WebRTC session's binding starts with this, followed by its {@code sessid}. */
    public static final String RTC_CONTACT_PREFIX = "rtc:";

    /** The order bindings are listed in: the newest registration first. */
    public static final Comparator<Binding> NEWEST_FIRST = Comparator.comparingLong((Binding b) -> -b.registeredAt)
            .thenComparing(Binding::loginName).thenComparing(Binding::key);

    private final String loginName;
    private final String accountId;
    private final long connectionId;
    private final String credentialId;
    private final String contact;
    private final String instanceId;
    private final int regId;
    private final List<String> path;
    private final Transport transport;
    /** The source address when it is IPv4, packed; 0 when {@link #otherSourceAddress} holds it. */
    private final int sourceIpv4;
    private final String otherSourceAddress;
    private final int sourcePort;
    private final String flowId;
    private final String userAgent;
    private final long callIdHash;
    private final long cseq;
    private final long registeredAt;
    private final long expiresAt;

    /**
     * @param credentialId the on-demand credential's id, or null for a connection's own login
     * @param instanceId   the {@code +sip.instance} of the device, or null
     * @param regId        the {@code reg-id} of the flow (RFC 5626), or 0
     * @param path         the {@code Path} header values of the REGISTER (RFC 3327), outermost first
     * @param flowId       the stream connection it registered on, or null for UDP
     * @param callId       the Call-ID of the REGISTER, or null when not known
     */
    public Binding(String loginName, String accountId, long connectionId, String credentialId, String contact,
                   String instanceId, int regId, List<String> path, Transport transport, String sourceAddress,
                   int sourcePort, String flowId, String userAgent, String callId, long cseq,
                   Instant registeredAt, Instant expiresAt) {
        this(loginName, accountId, connectionId, credentialId, contact, instanceId, regId, path, transport, sourceAddress,
                sourcePort, flowId, userAgent, callId == null ? 0 : Hash64.of(callId), cseq, registeredAt, expiresAt);
    }

    /** As another node's copy has it: the Call-ID as its {@link #callIdFingerprint() fingerprint}. */
    public Binding(String loginName, String accountId, long connectionId, String credentialId, String contact,
                   String instanceId, int regId, List<String> path, Transport transport, String sourceAddress,
                   int sourcePort, String flowId, String userAgent, long callIdFingerprint, long cseq,
                   Instant registeredAt, Instant expiresAt) {
        this.loginName = Objects.requireNonNull(loginName);
        this.accountId = Objects.requireNonNull(accountId);
        this.connectionId = connectionId;
        this.credentialId = credentialId;
        this.contact = Objects.requireNonNull(contact);
        this.instanceId = instanceId;
        this.regId = regId;
        this.path = List.copyOf(path);
        this.transport = Objects.requireNonNull(transport);
        this.sourceIpv4 = Ipv4Text.pack(sourceAddress);
        this.otherSourceAddress = sourceIpv4 == 0 ? sourceAddress : null;
        this.sourcePort = sourcePort;
        this.flowId = flowId;
        this.userAgent = userAgent;
        this.callIdHash = callIdFingerprint;
        this.cseq = cseq;
        this.registeredAt = registeredAt.toEpochMilli();
        this.expiresAt = expiresAt.toEpochMilli();
    }

    public String loginName() {
        return loginName;
    }

    public String accountId() {
        return accountId;
    }

    public long connectionId() {
        return connectionId;
    }

    public String credentialId() {
        return credentialId;
    }

    public String contact() {
        return contact;
    }

    public String instanceId() {
        return instanceId;
    }

    public int regId() {
        return regId;
    }

    public List<String> path() {
        return path;
    }

    public Transport transport() {
        return transport;
    }

    public String sourceAddress() {
        return sourceIpv4 != 0 ? Ipv4Text.unpack(sourceIpv4) : otherSourceAddress;
    }

    public int sourcePort() {
        return sourcePort;
    }

    public String flowId() {
        return flowId;
    }

    public String userAgent() {
        return userAgent;
    }

    public long cseq() {
        return cseq;
    }

    public Instant registeredAt() {
        return Instant.ofEpochMilli(registeredAt);
    }

    public Instant expiresAt() {
        return Instant.ofEpochMilli(expiresAt);
    }

    /** The 64-bit fingerprint of the Call-ID of the REGISTER that made it; 0 when not known. */
    public long callIdFingerprint() {
        return callIdHash;
    }

    /** Whether this binding was made by a REGISTER with that Call-ID (RFC 3261 §10.3 step 7). */
    public boolean registeredBy(String callId) {
        return callIdHash != 0 && callIdHash == Hash64.of(callId);
    }

    /** A WebRTC session rather than a SIP registration: reached through its door's calls, not by SIP. */
    public boolean webRtc() {
        return contact.startsWith(RTC_CONTACT_PREFIX);
    }

    public boolean live(Instant now) {
        return expiresAt > now.toEpochMilli();
    }

    /**
     * What makes two registrations the same binding: the device instance and flow when the client
     * says them (RFC 5626 §6), else the contact URI.
     */
    public String key() {
        return instanceId != null ? instanceId + "#" + regId : contact;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Binding b && loginName.equals(b.loginName) && accountId.equals(b.accountId)
                && connectionId == b.connectionId && Objects.equals(credentialId, b.credentialId)
                && contact.equals(b.contact) && Objects.equals(instanceId, b.instanceId) && regId == b.regId
                && path.equals(b.path) && transport == b.transport && sourceIpv4 == b.sourceIpv4 && Objects.equals(otherSourceAddress, b.otherSourceAddress)
                && sourcePort == b.sourcePort && Objects.equals(flowId, b.flowId) && Objects.equals(userAgent, b.userAgent)
                && callIdHash == b.callIdHash && cseq == b.cseq && registeredAt == b.registeredAt
                && expiresAt == b.expiresAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(loginName, contact, instanceId, regId, registeredAt, expiresAt);
    }

    @Override
    public String toString() {
        return "Binding[" + loginName + " at " + contact + " over " + transport + " from " + sourceAddress() + ":" + sourcePort
                + ", until " + expiresAt() + "]";
    }
}
