package io.telcred.location;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Ipv4TextTest {

    @Test
    void dottedQuadsComeBackAsTheyWereWritten() {
        for (String address : new String[] {"127.0.0.1", "192.0.2.7", "255.255.255.255", "10.0.0.0", "0.0.0.1", "203.0.113.200"}) {
            assertThat(Ipv4Text.pack(address)).as(address).isNotZero();
            assertThat(Ipv4Text.unpack(Ipv4Text.pack(address))).isEqualTo(address);
        }
    }

    @Test
    void anythingElseIsLeftAsText() {
        for (String text : new String[] {null, "", "0.0.0.0", "::1", "2001:db8::7", "1.2.3", "1.2.3.4.5", "256.1.1.1",
                "01.2.3.4", "1.2.3.", ".1.2.3", "1..2.3", "a.b.c.d", "1.2.3.4 ", "host.example"}) {
            assertThat(Ipv4Text.pack(text)).as(String.valueOf(text)).isZero();
        }
    }
}
