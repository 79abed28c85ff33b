package io.telcred.sip.transport;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import io.telcred.common.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is really at the other end of a WebSocket that a reverse proxy (nginx, a load balancer)
 * carries to telcred. From a peer in the configured proxy networks, the client is the right-most
 * {@code X-Forwarded-For} entry that is not itself a proxy: entries further left are the client's
 * own word, which anyone can write. From any other peer the header is ignored, so it cannot be used
 * to dodge the brute-force limiter. The port stays the connection's: the header carries none.
 */
final class ForwardedClients {

    static final String HEADER = "X-Forwarded-For";
    /** Hops looked at, right to left; a longer chain is not believed past them. */
    static final int MAX_HOPS = 16;

    private final List<Cidr> proxies;

    ForwardedClients(List<String> proxies) {
        this.proxies = proxies.stream().map(Cidr::parse).toList();
    }

    /**
     * The client of a connection from {@code peer} whose handshake carried {@code headers}: the peer
     * itself unless it is a proxy that names one. An entry that is not an address literal ends the
     * search where it stands, as the chain cannot be read past it.
     */
    InetSocketAddress client(InetSocketAddress peer, HttpHeaders headers) {
        if (!isProxy(peer.getAddress())) {
            return peer;
        }
        List<String> hops = hops(headers);
        InetAddress client = peer.getAddress();
        for (int i = hops.size() - 1; i >= 0 && hops.size() - i <= MAX_HOPS; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                break;
            }
            client = hop;
            if (!isProxy(hop)) {
                break;
            }
        }
        return client.equals(peer.getAddress()) ? peer : new InetSocketAddress(client, peer.getPort());
    }

    private boolean isProxy(InetAddress address) {
        for (Cidr network : proxies) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Every entry of every X-Forwarded-For line, in order. */
    private static List<String> hops(HttpHeaders headers) {
        List<String> hops = new ArrayList<>();
        for (String line : headers.getAll(HEADER)) {
            for (String entry : line.split(",")) {
                hops.add(entry.strip());
            }
        }
        return hops;
    }

    /** An IPv4 or IPv6 literal, IPv6 possibly in brackets; null for anything else (a name, "unknown"). */
    private static InetAddress literal(String entry) {
        String text = entry.startsWith("[") && entry.endsWith("]") ? entry.substring(1, entry.length() - 1) : entry;
        return NetUtil.createInetAddressFromIpAddressString(text);
    }
}
