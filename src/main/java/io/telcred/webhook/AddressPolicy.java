package io.telcred.webhook;

import io.telcred.common.Cidr;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Where a webhook may be sent, against server-side request forgery: a tenant's webhook URL must not
 * reach the operator's internal network or a cloud metadata service. Public addresses are allowed;
 * loopback by default (a backend on the same host); private (RFC 1918, fc00::/7), link-local
 * (169.254/16 with the metadata address 169.254.169.254, fe80::/10), shared (100.64/10, CGNAT),
 * unspecified, multicast and reserved addresses only when {@code allowed} lists them.
 *
 * <p>The host is resolved when the webhook is sent, and every address it resolves to must pass: a
 * name with one internal address among public ones is refused. The HTTP client then resolves the
 * name again (java.net.http can neither connect to a given address nor take a Host header), so a
 * DNS server that answers differently within that moment (rebinding) can still slip past: the
 * residual window is the time between the two lookups, and the JVM's DNS cache (30 s by default)
 * usually answers the second from the first.
 */
public record AddressPolicy(boolean allowLoopback, List<Cidr> allowed) {

    private static final Cidr SHARED = Cidr.parse("100.64.0.0/10");
    private static final Cidr THIS_NETWORK = Cidr.parse("0.0.0.0/8");
    private static final Cidr RESERVED = Cidr.parse("240.0.0.0/4");
    private static final Cidr UNIQUE_LOCAL = Cidr.parse("fc00::/7");

    public AddressPolicy {
        allowed = List.copyOf(allowed);
    }

    /** Resolves {@code host} and checks every address; throws {@link RefusedAddressException} saying why not. */
    public void check(String host) {
        if (host == null || host.isBlank()) {
            // InetAddress would take "no host" for the loopback address.
            throw new RefusedAddressException("the webhook URL names no host");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new RefusedAddressException("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            String refusal = refusal(address);
            if (refusal != null) {
                throw new RefusedAddressException(host + " resolves to " + address.getHostAddress() + ", a " + refusal
                        + " address, which TELCRED_WEBHOOK_ALLOWED_NETWORKS does not list");
            }
        }
    }

    /** Why the address is refused, or null when a webhook may go there. */
    String refusal(InetAddress address) {
        if (allowed.stream().anyMatch(network -> network.contains(address))) {
            return null;
        }
        if (address.isLoopbackAddress()) {
            return allowLoopback ? null : "loopback";
        }
        if (address.isAnyLocalAddress() || THIS_NETWORK.contains(address)) {
            return "unspecified";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isSiteLocalAddress() || UNIQUE_LOCAL.contains(address)) {
            return "private";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        if (SHARED.contains(address)) {
            return "shared (CGNAT)";
        }
        if (RESERVED.contains(address) || isBroadcast(address)) {
            return "reserved";
        }
        if (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
            return "IPv4-compatible";
        }
        return null;
    }

    private static boolean isBroadcast(InetAddress address) {
        return address instanceof Inet4Address && address.getHostAddress().equals("255.255.255.255");
    }

    /** A webhook address that may not be used: nothing was sent. */
    public static final class RefusedAddressException extends RuntimeException {
        public RefusedAddressException(String message) {
            super(message, null, false, false);
        }
    }
}
