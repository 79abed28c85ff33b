package io.telcred.sip.transport;

import io.telcred.location.Binding;
import io.telcred.location.Transport;
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

    /** Over UDP, where requests are retransmitted; streams are reliable. */
    public boolean udp() {
        return flowId == null && transport == Transport.UDP;
    }
}
