package io.telcred.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedForTest {

    private static final InetAddress PROXY = Cidr.address("10.0.0.5");
    private final ForwardedFor forwarded = new ForwardedFor(List.of("10.0.0.0/24", "2001:db8::/32"));

    @Test
    void aProxysConnectionIsTheClientItNames() {
        assertThat(client(PROXY, "203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void theRightMostEntryThatIsNotAProxyWins() {
        // The client wrote the first entry itself; two proxies appended theirs.
        assertThat(client(PROXY, "198.51.100.1, 203.0.113.9, 10.0.0.7")).isEqualTo("203.0.113.9");
        assertThat(client(PROXY, "198.51.100.1", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(client(Cidr.address("2001:db8::5"), "203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void ipv6EntriesAreRead() {
        assertThat(client(PROXY, "[2001:db9::1]")).isEqualTo("2001:db9:0:0:0:0:0:1");
        assertThat(client(PROXY, "2001:db9::1")).isEqualTo("2001:db9:0:0:0:0:0:1");
    }

    @Test
    void anyoneElsesHeaderIsIgnored() {
        assertThat(client(Cidr.address("192.0.2.50"), "203.0.113.9")).isEqualTo("192.0.2.50");
    }

    @Test
    void withoutTheHeaderOrWithGarbageTheProxyItselfIsTheClient() {
        assertThat(client(PROXY)).isEqualTo("10.0.0.5");
        assertThat(client(PROXY, "unknown")).isEqualTo("10.0.0.5");
        assertThat(client(PROXY, "client.example.com")).isEqualTo("10.0.0.5");
        assertThat(client(PROXY, "203.0.113.0/24")).isEqualTo("10.0.0.5");
        // The chain is not read past an entry that is not an address.
        assertThat(client(PROXY, "203.0.113.9, garbage, 10.0.0.7")).isEqualTo("10.0.0.7");
    }

    @Test
    void aChainIsReadNoFurtherThanItsLimit() {
        String proxies = String.join(", ", java.util.Collections.nCopies(ForwardedFor.MAX_HOPS, "10.0.0.7"));
        assertThat(client(PROXY, "203.0.113.9, " + proxies)).isEqualTo("10.0.0.7");
    }

    @Test
    void noProxiesConfiguredMeansNoHeaderIsBelieved() {
        assertThat(new ForwardedFor(List.of()).client(PROXY, List.of("203.0.113.9"))).isEqualTo(PROXY);
    }

    @Test
    void aBadNetworkIsRefused() {
        assertThatThrownBy(() -> new ForwardedFor(List.of("nginx.internal"))).isInstanceOf(IllegalArgumentException.class);
    }

    private String client(InetAddress peer, String... lines) {
        return forwarded.client(peer, List.of(lines)).getHostAddress();
    }
}
