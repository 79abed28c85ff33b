package io.telcred.sip.transport;

import io.netty.util.NetUtil;
import io.telcred.location.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where a message came from and how to answer it (RFC 3261 §18.2.2, RFC 5626 flows). For UDP there
 * is no connection: the flow is the source address, and an answer goes from the SIP port to it, which
 * is what {@code rport} (RFC 3581) asks for behind NAT. For TCP, TLS, WS and WSS the flow is one
 * connection, and an answer must go back over it while it is open: WebSocket clients (RFC 7118 §5)
 * and NATed phones cannot be reached any other way.
 *
 * @param id        {@code "udp:" + address:port} for UDP; otherwise unique to one connection, and
 *                  not reused after a restart (it may be stored in a binding)
 * @param transport how the message travelled
 * @param remote    the peer's address and port as seen by telcred (the NAT's public side)
 * @param local     telcred's address and port of the socket; for UDP bound to a wildcard address
 *                  this is the wildcard
 */
public record Flow(String id, Transport transport, InetSocketAddress remote, InetSocketAddress local) {

    static final String UDP_PREFIX = "udp:";

    public Flow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(local, "local");
    }

    /** The flow of datagrams from {@code remote} to telcred's UDP socket at {@code local}. */
    public static Flow udp(InetSocketAddress remote, InetSocketAddress local) {
        return new Flow(UDP_PREFIX + NetUtil.toSocketAddressString(remote), Transport.UDP, remote, local);
    }

    /**
     * The address a {@code udp:} id names, or null when it is not one. Only an IP literal is
     * accepted: a host name would mean a DNS lookup on the caller's thread.
     */
    static InetSocketAddress udpRemote(String id) {
        if (!id.startsWith(UDP_PREFIX)) {
            return null;
        }
        String address = id.substring(UDP_PREFIX.length());
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            return null;
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        InetAddress ip = NetUtil.createInetAddressFromIpAddressString(host);
        return ip == null || port < 1 || port > 65_535 ? null : new InetSocketAddress(ip, port);
    }

    /** True for a connection (TCP, TLS, WS, WSS), which can close; false for UDP. */
    public boolean connectionOriented() {
        return transport != Transport.UDP;
    }

    /** True when the flow is encrypted (TLS, WSS): a {@code sips:} target may only be reached over such a flow. */
    public boolean secure() {
        return transport == Transport.TLS || transport == Transport.WSS;
    }
}
