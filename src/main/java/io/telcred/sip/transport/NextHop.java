package io.telcred.sip.transport;

import io.telcred.common.Cidr;
import io.telcred.location.Binding;
import io.telcred.location.Transport;
import io.telcred.sip.message.SipUri;
import java.net.InetSocketAddress;

/**
 * Where a request goes next: over the stream connection a client registered on ({@code flowId}),
 * so that NATed and WebSocket clients are reached through their own connection, or else to an
 * address over {@code transport} (UDP, or a TCP or TLS connection dialled for it).
 */
public record NextHop(Transport transport, String flowId, InetSocketAddress address) {

    /** The hop to a registered device: its connection, or the address its REGISTER came from. */
    public static NextHop of(Binding binding) {
        return new NextHop(binding.transport(), binding.flowId(),
                new InetSocketAddress(binding.sourceAddress(), binding.sourcePort()));
    }

    /**
     * The hop a SIP URI names by itself: an address literal (never a name to look up) over UDP, TCP
     * or TLS, as its {@code transport} parameter or scheme says; null for anything else, such as the
     * {@code .invalid} host of a WebSocket client, which only its own connection reaches.
     */
    public static NextHop ofAddress(SipUri uri) {
        if (uri == null || Cidr.address(uri.host()) == null) {
            return null;
        }
        String transportParam = uri.param("transport");
        Transport transport = transportParam == null ? (uri.scheme().equalsIgnoreCase("sips") ? Transport.TLS : Transport.UDP)
                : switch (transportParam.toLowerCase(java.util.Locale.ROOT)) {
                    case "udp" -> Transport.UDP;
                    case "tcp" -> Transport.TCP;
                    case "tls" -> Transport.TLS;
                    default -> null;
                };
        if (transport == null) {
            return null;
        }
        int port = uri.port() > 0 ? uri.port() : (transport == Transport.TLS ? 5061 : 5060);
        return new NextHop(transport, null, new InetSocketAddress(Cidr.address(uri.host()), port));
    }

    /** As {@link #ofAddress(SipUri)}, for a URI as text; null when it does not parse. */
    public static NextHop ofAddress(String uri) {
        return ofAddress(SipUri.parseOrNull(uri));
    }

    /** Over UDP, where requests are retransmitted; streams are reliable. */
    public boolean udp() {
        return flowId == null && transport == Transport.UDP;
    }
}
