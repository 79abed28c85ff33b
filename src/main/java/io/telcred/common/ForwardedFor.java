package io.telcred.common;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is really at the other end of a connection that a reverse proxy (nginx, a load balancer)
 * carries to telcred: the REST API, or SIP over WebSocket. From a peer in the configured proxy
 * networks, the client is the right-most {@code X-Forwarded-For} entry that is not itself a proxy:
 * entries further left are the client's own word, which anyone can write. From any other peer the
 * header is ignored, so that it cannot be used to dodge the limits kept per address.
 */
public final class ForwardedFor {

    public static final Setting<List<String>> REVERSE_PROXIES = Setting.networks("TELCRED_REVERSE_PROXIES",
            "comma-separated CIDRs of reverse proxies in front of the REST API and of SIP over WS and WSS (nginx, a "
                    + "load balancer): a request or connection from one of them counts as coming from the client its "
                    + "`X-Forwarded-For` names (the right-most entry that is not a proxy), for the per-address limits "
                    + "and a registration's source address");

    public static final String HEADER = "X-Forwarded-For";
    /** Entries looked at, right to left; a longer chain is not believed past them. */
    public static final int MAX_HOPS = 16;

    private final List<Cidr> proxies;

    /** @throws IllegalArgumentException when a network is not an address literal with an optional prefix */
    public ForwardedFor(List<String> proxies) {
        this.proxies = proxies.stream().map(Cidr::parse).toList();
    }

    /**
     * The client of a connection from {@code peer} that carried these {@code X-Forwarded-For} lines:
     * the peer itself unless it is a proxy that names one. An entry that is not an address literal
     * ends the search where it stands, as the chain cannot be read past it.
     */
    public InetAddress client(InetAddress peer, List<String> headerLines) {
        if (!isProxy(peer)) {
            return peer;
        }
        List<String> hops = hops(headerLines);
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0 && hops.size() - i <= MAX_HOPS; i--) {
            InetAddress hop = Cidr.address(hops.get(i));
            if (hop == null) {
                break;
            }
            client = hop;
            if (!isProxy(hop)) {
                break;
            }
        }
        return client;
    }

    /**
     * As {@link #client(InetAddress, List)}, for a peer the server reports as text: the client's
     * address as text, or the peer's text as it is when that is not an address literal.
     */
    public String client(String peer, List<String> headerLines) {
        InetAddress address = Cidr.address(peer);
        return address == null ? peer : client(address, headerLines).getHostAddress();
    }

    /** Whether {@code address} is one of the reverse proxies, whose forwarded headers are believed. */
    public boolean isProxy(InetAddress address) {
        for (Cidr network : proxies) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> hops(List<String> headerLines) {
        List<String> hops = new ArrayList<>();
        for (String line : headerLines) {
            for (String entry : line.split(",")) {
                hops.add(entry.strip());
            }
        }
        return hops;
    }
}
