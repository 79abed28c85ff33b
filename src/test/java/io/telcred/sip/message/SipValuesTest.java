package io.telcred.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The value parsers: CSeq, Via, SipUri, NameAddress. */
class SipValuesTest {

    @Test
    void cseqParsesAndRejects() {
        assertThat(CSeq.parse("4711 INVITE")).isEqualTo(new CSeq(4711, "INVITE"));
        assertThat(CSeq.parse(" 0009 \t INVITE ")).isEqualTo(new CSeq(9, "INVITE"));
        assertThat(CSeq.parse("4294967295 BYE")).isEqualTo(new CSeq(4_294_967_295L, "BYE"));
        assertThat(CSeq.parse("4294967296 BYE")).isNull();
        assertThat(CSeq.parse("36893488147419103232 REGISTER")).isNull();
        assertThat(CSeq.parse("-1 INVITE")).isNull();
        assertThat(CSeq.parse("1")).isNull();
        assertThat(CSeq.parse("INVITE")).isNull();
        assertThat(CSeq.parse("1 IN VITE")).isNull();
        assertThat(CSeq.parse(null)).isNull();
        assertThat(new CSeq(2, "ACK")).hasToString("2 ACK");
    }

    @Test
    void viaReadsEveryPart() {
        Via via = Via.parse("SIP/2.0/udp pc33.atlanta.com:5066;branch=z9hG4bK776asdhds;rport;received=192.0.2.1");
        assertThat(via.transport()).isEqualTo("UDP");
        assertThat(via.host()).isEqualTo("pc33.atlanta.com");
        assertThat(via.port()).isEqualTo(5066);
        assertThat(via.sentBy()).isEqualTo("pc33.atlanta.com:5066");
        assertThat(via.branch()).isEqualTo("z9hG4bK776asdhds");
        assertThat(via.param("RPORT")).isEmpty();
        assertThat(via.hasParam("rport")).isTrue();
        assertThat(via.rport()).isEqualTo(-1);
        assertThat(via.received()).isEqualTo("192.0.2.1");
        assertThat(via.param("ttl")).isNull();
        assertThat(via).hasToString("SIP/2.0/UDP pc33.atlanta.com:5066;branch=z9hG4bK776asdhds;rport;received=192.0.2.1");
    }

    @Test
    void viaAcceptsWhiteSpaceAroundSeparatorsAndIpv6() {
        Via via = Via.parse("SIP / 2.0 / TCP  [2001:db8::9:1] : 5061 ; branch = z9hG4bKx ; received=2001:db8::1");
        assertThat(via.host()).isEqualTo("[2001:db8::9:1]");
        assertThat(via.port()).isEqualTo(5061);
        assertThat(via.received()).isEqualTo("2001:db8::1");
        assertThat(via).hasToString("SIP/2.0/TCP [2001:db8::9:1]:5061;branch=z9hG4bKx;received=2001:db8::1");
    }

    @Test
    void viaWithParamCopies() {
        Via via = Via.parse("SIP/2.0/UDP 10.0.0.1;rport;branch=z9hG4bK1");
        Via answered = via.withParam("received", "192.0.2.7").withParam("rport", "40000");
        assertThat(answered).hasToString("SIP/2.0/UDP 10.0.0.1;rport=40000;branch=z9hG4bK1;received=192.0.2.7");
        assertThat(answered.rport()).isEqualTo(40000);
        assertThat(via.hasParam("received")).isFalse();
        assertThat(Via.of("wss", "abc.invalid", -1).withParam("branch", "z9hG4bKn")).hasToString(
                "SIP/2.0/WSS abc.invalid;branch=z9hG4bKn");
    }

    @Test
    void viaRejectsGarbage() {
        for (String bad : new String[] {"", "SIP/2.0/UDP", "SIP/2.0 host", "SIP/2.0/UDP host:99999", "SIP/2.0/UDP host;;",
            "SIP/2.0/UDP host;branch=", "SIP/2.0/UDP [::1", "SIP/2.0/UDP ho st", "SIP/2.0/UDP host:port"}) {
            assertThatThrownBy(() -> Via.parse(bad)).as(bad).isInstanceOf(SipParseException.class);
        }
    }

    @Test
    void sipUriReadsEveryPart() {
        SipUri uri = SipUri.parse("SIPS:alice:secret@Atlanta.com:5061;transport=tcp;lr;maddr=239.255.255.1?subject=x&priority=urgent");
        assertThat(uri.scheme()).isEqualTo("sips");
        assertThat(uri.user()).isEqualTo("alice");
        assertThat(uri.password()).isEqualTo("secret");
        assertThat(uri.host()).isEqualTo("Atlanta.com");
        assertThat(uri.port()).isEqualTo(5061);
        assertThat(uri.param("TRANSPORT")).isEqualTo("tcp");
        assertThat(uri.param("lr")).isEmpty();
        assertThat(uri.params()).containsExactly(java.util.Map.entry("transport", "tcp"), java.util.Map.entry("lr", ""),
                java.util.Map.entry("maddr", "239.255.255.1"));
        assertThat(uri.headers()).isEqualTo("subject=x&priority=urgent");
        assertThat(uri).hasToString("sips:alice:secret@Atlanta.com:5061;transport=tcp;lr;maddr=239.255.255.1?subject=x&priority=urgent");
    }

    @Test
    void sipUriBuildsCopies() {
        SipUri uri = SipUri.parse("sip:example.com");
        assertThat(uri.user()).isNull();
        assertThat(uri.port()).isEqualTo(-1);
        SipUri changed = uri.withUser("bob").withHost("[2001:db8::1]").withPort(5080).withParam("transport", "udp")
                .withParam("ob", null);
        assertThat(changed).hasToString("sip:bob@[2001:db8::1]:5080;transport=udp;ob");
        assertThat(changed.withoutParam("TRANSPORT").withPort(-1).withUser(null)).hasToString("sip:[2001:db8::1];ob");
        assertThat(uri).hasToString("sip:example.com");
        assertThat(SipUri.parse("sip:Bob@EXAMPLE.com")).isEqualTo(SipUri.parse("SIP:Bob@example.COM"));
        assertThat(SipUri.sip("alice", "example.com", 5060)).hasToString("sip:alice@example.com:5060");
    }

    @Test
    void sipUriRejectsGarbage() {
        for (String bad : new String[] {"tel:+1555", "sip:", "sip:@host", "sip:user@", "sip:host:0x1",
            "sip:host:70000", "sip:us er@host", "sip:host;a b", "sip:a%4@host", "sip:host>", "sip:host;;", "nocolon"}) {
            assertThatThrownBy(() -> SipUri.parse(bad)).as(bad).isInstanceOf(SipParseException.class);
        }
        assertThatThrownBy(() -> SipUri.parse("sip:x").withUser("a b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nameAddressReadsDisplayNameUriAndParameters() {
        NameAddress contact = NameAddress.parse(
                "\"Bob \\\"B\\\" Smith\" <sip:bob@192.0.2.4;transport=tcp>;expires=60;+sip.instance=\"<urn:uuid:f81d4fae>\";reg-id=1");
        assertThat(contact.displayName()).isEqualTo("Bob \"B\" Smith");
        assertThat(contact.uri()).isEqualTo("sip:bob@192.0.2.4;transport=tcp");
        assertThat(contact.sipUri().param("transport")).isEqualTo("tcp");
        assertThat(contact.param("EXPIRES")).isEqualTo("60");
        assertThat(contact.param("+sip.instance")).isEqualTo("\"<urn:uuid:f81d4fae>\"");
        assertThat(contact.unquotedParam("+sip.instance")).isEqualTo("<urn:uuid:f81d4fae>");
        assertThat(contact.param("reg-id")).isEqualTo("1");
        assertThat(contact.tag()).isNull();
        assertThat(contact).hasToString(
                "\"Bob \\\"B\\\" Smith\" <sip:bob@192.0.2.4;transport=tcp>;expires=60;+sip.instance=\"<urn:uuid:f81d4fae>\";reg-id=1");
    }

    @Test
    void addrSpecParametersBelongToTheHeader() {
        NameAddress from = NameAddress.parse("sip:alice@atlanta.com;tag=1928301774");
        assertThat(from.uri()).isEqualTo("sip:alice@atlanta.com");
        assertThat(from.tag()).isEqualTo("1928301774");
        assertThat(from).hasToString("<sip:alice@atlanta.com>;tag=1928301774");
        assertThat(NameAddress.parse("sip:alice@atlanta.com")).hasToString("sip:alice@atlanta.com");
    }

    @Test
    void tokenDisplayNamesAndOtherSchemes() {
        NameAddress to = NameAddress.parse("Bob Smith <tel:+15551234567;phone-context=example.com>");
        assertThat(to.displayName()).isEqualTo("Bob Smith");
        assertThat(to.sipUri()).isNull();
        assertThat(to.uri()).isEqualTo("tel:+15551234567;phone-context=example.com");
        assertThat(to).hasToString("\"Bob Smith\" <tel:+15551234567;phone-context=example.com>");
    }

    @Test
    void wildcardContact() {
        NameAddress star = NameAddress.parse(" * ");
        assertThat(star.isWildcard()).isTrue();
        assertThat(star).hasToString("*");
        assertThatThrownBy(() -> star.withParam("expires", "0")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nameAddressWithParamQuotesWhatIsNotAToken() {
        NameAddress address = NameAddress.parse("<sip:a@b>");
        assertThat(address.withParam("tag", "x1").withParam("+sip.instance", "<urn:uuid:1>").withParam("ob", null))
                .hasToString("<sip:a@b>;tag=x1;+sip.instance=\"<urn:uuid:1>\";ob");
        assertThat(address.withParam("tag", "1").withoutParam("TAG")).isEqualTo(address);
    }

    @Test
    void nameAddressRejectsGarbage() {
        for (String bad : new String[] {"", "\"unterminated <sip:a@b>", "Bell, Alexander <sip:a@b>", "< sip:a@b >",
            "<sip:a@b", "sip:a@b?x=y", "sip:a@b;;", "<sip:a@b>;=1", "<notauri>", "<sip:a b@c>",
            "\"name\" sip:a@b", "<sip:a@b> junk"}) {
            assertThatThrownBy(() -> NameAddress.parse(bad)).as(bad).isInstanceOf(SipParseException.class);
        }
    }

    @Test
    void parseExceptionsCarryNoStackTrace() {
        assertThat(new SipParseException("x").getStackTrace()).isEmpty();
    }
}
