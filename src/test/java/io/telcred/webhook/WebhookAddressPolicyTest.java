package io.telcred.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.common.Cidr;
import io.telcred.webhook.AddressPolicy.RefusedAddressException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookAddressPolicyTest {

    private final AddressPolicy standard = new AddressPolicy(true, List.of());

    @ParameterizedTest
    @CsvSource({"10.1.2.3, private", "172.16.0.1, private", "192.168.1.1, private", "169.254.169.254, link-local",
            "169.254.0.1, link-local", "[fe80::1], link-local", "[fc00::1], private", "[fd12:3456::1], private",
            "100.64.0.1, shared (CGNAT)", "0.0.0.0, unspecified", "[::], unspecified", "224.0.0.1, multicast",
            "255.255.255.255, reserved"})
    void internalAddressesAreRefusedSayingWhatTheyAre(String host, String kind) {
        assertThatThrownBy(() -> standard.check(host)).isInstanceOf(RefusedAddressException.class)
                .hasMessageContaining("a " + kind + " address");
    }

    @Test
    void loopbackIsAllowedByDefaultAndCanBeRefused() {
        standard.check("127.0.0.1");
        standard.check("[::1]");
        assertThatThrownBy(() -> new AddressPolicy(false, List.of()).check("127.0.0.1"))
                .hasMessageContaining("loopback");
    }

    @Test
    void publicAddressesAreAllowed() {
        standard.check("93.184.216.34");
        standard.check("[2606:2800:220:1::1]");
    }

    @Test
    void listedNetworksAreAllowed() {
        AddressPolicy listed = new AddressPolicy(true, List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("169.254.169.254")));
        listed.check("10.9.8.7");
        listed.check("169.254.169.254");
        assertThat(listed.refusal(Cidr.address("192.168.0.1"))).isEqualTo("private");
    }

    @Test
    void aUrlWithoutHostIsRefused() {
        assertThatThrownBy(() -> standard.check(null)).hasMessageContaining("no host");
    }
}
