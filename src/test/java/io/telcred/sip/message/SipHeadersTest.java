package io.telcred.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SipHeadersTest {

    @Test
    void compactFormsBecomeLongForms() {
        String[][] pairs = {{"i", "Call-ID"}, {"m", "Contact"}, {"f", "From"}, {"t", "To"}, {"v", "Via"},
            {"l", "Content-Length"}, {"c", "Content-Type"}, {"e", "Content-Encoding"}, {"k", "Supported"},
            {"s", "Subject"}, {"o", "Event"}, {"r", "Refer-To"}, {"u", "Allow-Events"}, {"a", "Accept-Contact"},
            {"b", "Referred-By"}, {"d", "Request-Disposition"}, {"j", "Reject-Contact"}, {"x", "Session-Expires"},
            {"y", "Identity"}};
        for (String[] pair : pairs) {
            assertThat(SipHeaders.canonicalName(pair[0])).isEqualTo(pair[1]);
            assertThat(SipHeaders.canonicalName(pair[0].toUpperCase())).isEqualTo(pair[1]);
        }
    }

    @Test
    void wellKnownNamesTakeTheirCanonicalSpellingAndUnknownOnesKeepTheirs() {
        assertThat(SipHeaders.canonicalName("call-id")).isEqualTo("Call-ID");
        assertThat(SipHeaders.canonicalName("CSEQ")).isEqualTo("CSeq");
        assertThat(SipHeaders.canonicalName("www-authenticate")).isEqualTo("WWW-Authenticate");
        assertThat(SipHeaders.canonicalName("max-forwards")).isEqualTo("Max-Forwards");
        assertThat(SipHeaders.canonicalName("RECORD-route")).isEqualTo("Record-Route");
        assertThat(SipHeaders.canonicalName("user-agent")).isEqualTo("User-Agent");
        assertThat(SipHeaders.canonicalName("min-expires")).isEqualTo("Min-Expires");
        assertThat(SipHeaders.canonicalName("proxy-authorization")).isEqualTo("Proxy-Authorization");
        assertThat(SipHeaders.canonicalName("X-Custom-thing")).isEqualTo("X-Custom-thing");
        assertThat(SipHeaders.canonicalName("z")).isEqualTo("z");
        assertThat(SipHeaders.canonicalName("A")).as("a single letter is a compact form").isEqualTo("Accept-Contact");
    }

    @Test
    void lookupsIgnoreCaseAndForm() {
        SipHeaders headers = new SipHeaders().add("i", "abc").add("X-Thing", "1").add("x-thing", "2");
        assertThat(headers.first("CALL-ID")).isEqualTo("abc");
        assertThat(headers.first("i")).isEqualTo("abc");
        assertThat(headers.lines("X-THING")).containsExactly("1", "2");
        assertThat(headers.iterator().next()).isEqualTo(new SipHeaders.Entry("Call-ID", "abc"));
    }

    @Test
    void listHeadersSplitOnCommasOutsideQuotesAndAngleBrackets() {
        SipHeaders headers = new SipHeaders()
                .add("Contact", "\"Doe, John\" <sip:j@x;a=1,2>;expires=60, <sip:k@y>")
                .add("m", "sip:l@z");
        assertThat(headers.all("Contact")).containsExactly("\"Doe, John\" <sip:j@x;a=1,2>;expires=60", "<sip:k@y>",
                "sip:l@z");
        assertThat(headers.first("Contact")).isEqualTo("\"Doe, John\" <sip:j@x;a=1,2>;expires=60");
        assertThat(headers.lines("Contact")).hasSize(2);
    }

    @Test
    void quotedStringsWithEscapedQuotesDoNotEndEarly() {
        SipHeaders headers = new SipHeaders().add("Route", "\"a \\\", b\" <sip:p1>, <sip:p2>");
        assertThat(headers.all("Route")).containsExactly("\"a \\\", b\" <sip:p1>", "<sip:p2>");
    }

    @Test
    void otherHeadersKeepTheirCommas() {
        SipHeaders headers = new SipHeaders()
                .add("WWW-Authenticate", "Digest realm=\"x\", nonce=\"y\"")
                .add("Date", "Sat, 13 Nov 2010 23:29:00 GMT");
        assertThat(headers.all("WWW-Authenticate")).containsExactly("Digest realm=\"x\", nonce=\"y\"");
        assertThat(headers.first("Date")).isEqualTo("Sat, 13 Nov 2010 23:29:00 GMT");
    }

    @Test
    void addFirstGoesBeforeTheFirstLineOfThatNameOrOnTop() {
        SipHeaders headers = new SipHeaders().add("To", "t").add("Via", "v2").add("Via", "v3");
        headers.addFirst("v", "v1");
        headers.addFirst("Record-Route", "<sip:rr>");
        assertThat(headers.lines("Via")).containsExactly("v1", "v2", "v3");
        assertThat(headers.iterator().next().name()).isEqualTo("Record-Route");
        assertThat(headers.size()).isEqualTo(5);
    }

    @Test
    void setReplacesEveryLineAtThePlaceOfTheFirst() {
        SipHeaders headers = new SipHeaders().add("X-A", "1").add("Expires", "1").add("X-B", "2").add("expires", "2");
        headers.set("EXPIRES", "3600");
        assertThat(headers.lines("Expires")).containsExactly("3600");
        assertThat(headers).extracting(SipHeaders.Entry::name).containsExactly("X-A", "Expires", "X-B");
        headers.set("New", "x");
        assertThat(headers.size()).isEqualTo(4);
    }

    @Test
    void removeFirstValueTakesTheTopValueOfACommaList() {
        SipHeaders headers = new SipHeaders().add("Route", "<sip:p1;lr>, <sip:p2;lr>").add("Route", "<sip:p3;lr>");
        assertThat(headers.removeFirstValue("Route")).isTrue();
        assertThat(headers.all("Route")).containsExactly("<sip:p2;lr>", "<sip:p3;lr>");
        assertThat(headers.removeFirstValue("Route")).isTrue();
        assertThat(headers.lines("Route")).containsExactly("<sip:p3;lr>");
        assertThat(headers.removeFirstValue("Route")).isTrue();
        assertThat(headers.removeFirstValue("Route")).isFalse();
        assertThat(headers.size()).isZero();
    }

    @Test
    void removeDropsEveryLineOfThatName() {
        SipHeaders headers = new SipHeaders().add("v", "a").add("To", "t").add("VIA", "b");
        headers.remove("via");
        assertThat(headers.size()).isEqualTo(1);
        assertThat(headers.first("Via")).isNull();
        assertThat(headers.all("Via")).isEmpty();
    }

    @Test
    void copyIsIndependent() {
        SipHeaders original = new SipHeaders().add("Via", "a");
        SipHeaders copy = original.copy();
        copy.add("Via", "b");
        assertThat(original.lines("Via")).containsExactly("a");
        assertThat(copy).isNotEqualTo(original);
    }

    @Test
    void emptyValuesAreKept() {
        SipHeaders headers = new SipHeaders().add("Subject", "").add("Supported", "");
        assertThat(headers.first("Subject")).isEmpty();
        assertThat(headers.first("Supported")).isNull();
        assertThat(headers.lines("Supported")).containsExactly("");
    }

    @Test
    void lineBreaksInValuesAreRefusedSoNoHeaderCanBeInjected() {
        SipHeaders headers = new SipHeaders();
        assertThatThrownBy(() -> headers.add("Subject", "x\r\nVia: evil")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> headers.add("Bad Name", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lookupsFindCanonicalLinesUnderAnySpellingOfTheName() {
        SipHeaders headers = new SipHeaders().add("CALL-id", "c").add("v", "a").add("vIA", "b").add("X-Odd", "x");
        for (String name : new String[] {"Call-ID", "call-id", "CALL-ID", "cAlL-iD", "i", "I"}) {
            assertThat(headers.first(name)).as(name).isEqualTo("c");
            assertThat(headers.contains(name)).as(name).isTrue();
        }
        for (String name : new String[] {"Via", "via", "VIA", "v", "V"}) {
            assertThat(headers.lines(name)).as(name).containsExactly("a", "b");
            assertThat(headers.all(name)).as(name).containsExactly("a", "b");
        }
        assertThat(headers.first(new String("Via"))).as("a name equal to, but not the same string as, the constant")
                .isEqualTo("a");
        assertThat(headers).extracting(SipHeaders.Entry::name).containsExactly("Call-ID", "Via", "Via", "X-Odd");
    }

    @Test
    void unknownNamesMatchInAnyCaseButNeverAKnownHeader() {
        SipHeaders headers = new SipHeaders().add("X-Odd", "1").add("x-ODD", "2").add("Via", "v").add("Vias", "w");
        assertThat(headers.lines("X-ODD")).containsExactly("1", "2");
        assertThat(headers.first("x-odd")).isEqualTo("1");
        assertThat(headers.lines("Vias")).containsExactly("w");
        assertThat(headers.lines("Via")).containsExactly("v");
        assertThat(headers.contains("X-Other")).isFalse();
        assertThat(headers.first("Z")).isNull();
        headers.remove("X-ODD");
        assertThat(headers).extracting(SipHeaders.Entry::name).containsExactly("Via", "Vias");
    }

    @Test
    void nameLookupsOutsideAsciiFoldAsStringToLowerCaseDoes() {
        assertThat(SipHeaders.canonicalName("\u212a")).as("KELVIN SIGN lower-cases to k").isEqualTo("Supported");
        assertThat(SipHeaders.canonicalName("V\u00eda")).isEqualTo("V\u00eda");
        SipHeaders headers = new SipHeaders().add("k", "path");
        assertThat(headers.first("\u212a")).isEqualTo("path");
    }

    @Test
    void listHeadersAreKnownByAnySpelling() {
        assertThat(SipHeaders.isListHeader("route")).isTrue();
        assertThat(SipHeaders.isListHeader("m")).isTrue();
        assertThat(SipHeaders.isListHeader("WWW-Authenticate")).isFalse();
        assertThat(SipHeaders.isListHeader("X-Unknown")).isFalse();
    }

    @Test
    void replaceFirstValueSwapsTheTopValueAndKeepsTheRestAsWritten() {
        SipHeaders headers = new SipHeaders()
                .add("To", "t")
                .add("Via", "SIP/2.0/UDP a;branch=z9hG4bK1 ,SIP/2.0/UDP \"b,c\";branch=z9hG4bK2")
                .add("Via", "SIP/2.0/UDP d;branch=z9hG4bK3");
        assertThat(headers.replaceFirstValue("v", "SIP/2.0/UDP a;branch=z9hG4bK1;received=192.0.2.1")).isTrue();
        assertThat(headers.lines("Via")).containsExactly(
                "SIP/2.0/UDP a;branch=z9hG4bK1;received=192.0.2.1 ,SIP/2.0/UDP \"b,c\";branch=z9hG4bK2",
                "SIP/2.0/UDP d;branch=z9hG4bK3");
        assertThat(headers).extracting(SipHeaders.Entry::name).containsExactly("To", "Via", "Via");
    }

    @Test
    void replaceFirstValueOfASingleValueLineReplacesTheLine() {
        SipHeaders headers = new SipHeaders().add("Via", "SIP/2.0/UDP a").add("Via", "SIP/2.0/UDP b");
        assertThat(headers.replaceFirstValue("Via", "SIP/2.0/UDP x")).isTrue();
        assertThat(headers.lines("Via")).containsExactly("SIP/2.0/UDP x", "SIP/2.0/UDP b");
    }

    @Test
    void replaceFirstValueSkipsEmptyElementsAndKeepsTheirSpacing() {
        SipHeaders headers = new SipHeaders().add("Route", " , <sip:p1;lr> , <sip:p2;lr>").add("Subject", "  ");
        assertThat(headers.replaceFirstValue("Route", "<sip:x;lr>")).isTrue();
        assertThat(headers.first("Route")).isEqualTo("<sip:x;lr>");
        assertThat(headers.lines("Route")).containsExactly(" , <sip:x;lr> , <sip:p2;lr>");
        assertThat(headers.replaceFirstValue("Subject", "now")).isTrue();
        assertThat(headers.lines("Subject")).containsExactly("now");
    }

    @Test
    void replaceFirstValueOfAnAbsentHeaderChangesNothing() {
        SipHeaders headers = new SipHeaders().add("To", "t");
        assertThat(headers.replaceFirstValue("Via", "SIP/2.0/UDP x")).isFalse();
        assertThat(headers.size()).isEqualTo(1);
        assertThatThrownBy(() -> headers.replaceFirstValue("To", "x\r\nVia: evil"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(headers.first("To")).isEqualTo("t");
    }
}
