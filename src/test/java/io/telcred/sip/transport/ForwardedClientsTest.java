package io.telcred.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedClientsTest {

    private static final InetSocketAddress PROXY = new InetSocketAddress("10.0.0.5", 41000);
    private final ForwardedClients forwarded = new ForwardedClients(List.of("10.0.0.0/24", "2001:db8::/32"));

    @Test
    void aProxysConnectionIsTheClientItNames() {
        assertThat(forwarded.client(PROXY, forwardedFor("203.0.113.9")))
                .isEqualTo(new InetSocketAddress("203.0.113.9", 41000));
    }

    @Test
    void theRightMostEntryThatIsNotAProxyWins() {
        // The client wrote the first entry itself; two proxies appended theirs.
        assertThat(forwarded.client(PROXY, forwardedFor("198.51.100.1, 203.0.113.9, 10.0.0.7")).getAddress().getHostAddress())
                .isEqualTo("203.0.113.9");
        assertThat(forwarded.client(PROXY, forwardedFor("198.51.100.1", "203.0.113.9")).getAddress().getHostAddress())
                .isEqualTo("203.0.113.9");
    }

    @Test
    void ipv6EntriesAreRead() {
        assertThat(forwarded.client(PROXY, forwardedFor("[2001:db9::1]")).getAddress().getHostAddress())
                .isEqualTo("2001:db9:0:0:0:0:0:1");
    }

    @Test
    void anyoneElsesHeaderIsIgnored() {
        InetSocketAddress browser = new InetSocketAddress("192.0.2.50", 50000);
        assertThat(forwarded.client(browser, forwardedFor("203.0.113.9"))).isSameAs(browser);
    }

    @Test
    void withoutTheHeaderOrWithGarbageTheProxyItselfIsTheClient() {
        assertThat(forwarded.client(PROXY, new DefaultHttpHeaders())).isSameAs(PROXY);
        assertThat(forwarded.client(PROXY, forwardedFor("unknown"))).isSameAs(PROXY);
        assertThat(forwarded.client(PROXY, forwardedFor("client.example.com"))).isSameAs(PROXY);
        // The chain is not read past an entry that is not an address.
        assertThat(forwarded.client(PROXY, forwardedFor("203.0.113.9, garbage, 10.0.0.7")).getAddress().getHostAddress())
                .isEqualTo("10.0.0.7");
    }

    @Test
    void noProxiesConfiguredMeansNoHeaderIsBelieved() {
        ForwardedClients none = new ForwardedClients(List.of());
        assertThat(none.client(PROXY, forwardedFor("203.0.113.9"))).isSameAs(PROXY);
    }

    @Test
    void aBadNetworkIsRefusedAtStart() {
        assertThatThrownBy(() -> TransportSettings.defaults().withWebSocketProxies(List.of("nginx.internal")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static HttpHeaders forwardedFor(String... lines) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (String line : lines) {
            headers.add(ForwardedClients.HEADER, line);
        }
        return headers;
    }
}
