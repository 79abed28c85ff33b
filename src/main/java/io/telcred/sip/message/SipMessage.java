package io.telcred.sip.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A SIP request or response: headers and a body. Mutable, like the messages a proxy rewrites;
 * {@link #copy()} before changing a message that someone else may still hold. The typed accessors
 * read the headers on every call, so they always agree with them; the parse of To, From, CSeq, the
 * top Via and the Contacts is kept beside the text it came from and reused while that text is
 * unchanged, since the registrar and proxy ask for them several times per message. The parser
 * hands over the parses it made while validating, and a response those of the request it copied
 * the lines from, so that none of these is parsed twice.
 *
 * <p>Content-Length is not kept in step with the body: {@link SipEncoder} writes the real length.
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {

    private static final byte[] EMPTY = new byte[0];

    private final SipHeaders headers;
    private byte[] body;
    private final HeaderParse<CSeq> cseq = new HeaderParse<>(KnownHeaders.CSEQ, CSeq::parse);
    private final HeaderParse<Via> topVia = new HeaderParse<>(KnownHeaders.VIA, Via::parse);
    private final HeaderParse<NameAddress> from = new HeaderParse<>(KnownHeaders.FROM, NameAddress::parse);
    private final HeaderParse<NameAddress> to = new HeaderParse<>(KnownHeaders.TO, NameAddress::parse);
    private final ListParse<NameAddress> contacts = new ListParse<>(KnownHeaders.CONTACT, NameAddress::parse);

    SipMessage(SipHeaders headers, byte[] body) {
        this.headers = headers != null ? headers : new SipHeaders();
        this.body = body != null ? body : EMPTY;
    }

    public SipHeaders headers() {
        return headers;
    }

    /** Never null; empty when there is none. The array is the message's own, not a copy. */
    public byte[] body() {
        return body;
    }

    public void body(byte[] body) {
        this.body = body != null ? body : EMPTY;
    }

    /** The Call-ID or null. */
    public String callId() {
        String value = headers.first(KnownHeaders.CALL_ID);
        return value == null ? null : value.strip();
    }

    /** The CSeq, or null when absent or malformed. */
    public CSeq cseq() {
        return cseq.of(headers);
    }

    /** The first Via, or null when there is none; throws {@link SipParseException} when it is malformed. */
    public Via topVia() {
        return topVia.of(headers);
    }

    /** Every Via value in order, lines split on commas; throws {@link SipParseException} on a malformed one. */
    public List<Via> vias() {
        List<String> values = headers.all(KnownHeaders.VIA);
        List<Via> vias = new ArrayList<>(values.size());
        for (String value : values) {
            vias.add(Via.parse(value));
        }
        return vias;
    }

    /** The From address or null; throws {@link SipParseException} when malformed. */
    public NameAddress from() {
        return from.of(headers);
    }

    /** The To address or null; throws {@link SipParseException} when malformed. */
    public NameAddress to() {
        return to.of(headers);
    }

    /** Every Contact value in order (may be the wildcard); throws {@link SipParseException} on a malformed one. */
    public List<NameAddress> contacts() {
        return contacts.of(headers);
    }

    /** Every value of a name-addr list header (Route, Record-Route, Path, Contact...). */
    public List<NameAddress> addresses(String headerName) {
        List<String> values = headers.all(headerName);
        List<NameAddress> addresses = new ArrayList<>(values.size());
        for (String value : values) {
            addresses.add(NameAddress.parse(value));
        }
        return addresses;
    }

    /**
     * Keeps parses made elsewhere from this message's own header text (the parser's validation), so
     * the accessors need not parse them again. Each is reused only while its text is unchanged.
     */
    void rememberTopVia(String text, Via via) {
        topVia.remember(text, via);
    }

    void rememberFrom(String text, NameAddress address) {
        from.remember(text, address);
    }

    void rememberTo(String text, NameAddress address) {
        to.remember(text, address);
    }

    void rememberCSeq(String text, CSeq value) {
        cseq.remember(text, value);
    }

    void rememberContacts(List<String> texts, List<NameAddress> addresses) {
        contacts.remember(texts, addresses);
    }

    /** Takes over the parses of {@code other}, whose To, From, CSeq and Via lines this message copied. */
    void rememberParsesOf(SipMessage other) {
        topVia.rememberFrom(other.topVia);
        from.rememberFrom(other.from);
        to.rememberFrom(other.to);
        cseq.rememberFrom(other.cseq);
    }

    /** Max-Forwards as a number, or -1 when absent or not a number in 0..255. */
    public int maxForwards() {
        return smallNumber(headers.first(KnownHeaders.MAX_FORWARDS), 255);
    }

    /** The Expires header in seconds, or -1 when absent or malformed. */
    public long expires() {
        String value = headers.first(KnownHeaders.EXPIRES);
        return value == null ? -1 : deltaSeconds(value);
    }

    /** The Content-Type value or null. */
    public String contentType() {
        return headers.first(KnownHeaders.CONTENT_TYPE);
    }

    public abstract SipMessage copy();

    /** The first line without its CRLF: {@code INVITE sip:x SIP/2.0} or {@code SIP/2.0 200 OK}. */
    public abstract String startLine();

    static int smallNumber(String value, int max) {
        return (int) SipSyntax.wholeNumber(value, max);
    }

    /** delta-seconds (RFC 3261 §25.1: a 32-bit value; larger values mean 2**32-1); -1 when malformed. */
    static long deltaSeconds(String value) {
        String s = value.strip();
        if (s.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!SipSyntax.isDigit(c)) {
                return -1;
            }
            n = Math.min(n * 10 + (c - '0'), 0xFFFF_FFFFL);
        }
        return n;
    }

    @Override
    public String toString() {
        return startLine() + " (Call-ID " + callId() + ", " + headers.size() + " headers, " + body.length + " body bytes)";
    }

    /**
     * The parse of a header's first value, kept beside the text it came from and reused while that
     * text is unchanged. A holder is replaced whole and its fields are final, so a message read from
     * another thread sees either the old parse or the new one, never half of one.
     */
    private static final class HeaderParse<T> {
        private final KnownHeader header;
        private final Function<String, T> parser;
        private volatile Parsed<T> last;

        HeaderParse(KnownHeader header, Function<String, T> parser) {
            this.header = header;
            this.parser = parser;
        }

        T of(SipHeaders headers) {
            String value = headers.first(header);
            Parsed<T> cached = last;
            if (cached != null && Objects.equals(cached.source(), value)) {
                return cached.value();
            }
            T parsed = value == null ? null : parser.apply(value);
            last = new Parsed<>(value, parsed);
            return parsed;
        }

        void remember(String source, T value) {
            last = new Parsed<>(source, value);
        }

        void rememberFrom(HeaderParse<T> other) {
            Parsed<T> parsed = other.last;
            if (parsed != null) {
                last = parsed;
            }
        }
    }

    private record Parsed<T>(String source, T value) {
    }

    /**
     * The parse of every value of a list header, reused while the values are unchanged; like
     * {@link HeaderParse}, replaced whole. Callers get their own copy of the list.
     */
    private static final class ListParse<T> {
        private final KnownHeader header;
        private final Function<String, T> parser;
        private volatile ParsedList<T> last;

        ListParse(KnownHeader header, Function<String, T> parser) {
            this.header = header;
            this.parser = parser;
        }

        List<T> of(SipHeaders headers) {
            List<String> values = headers.all(header);
            ParsedList<T> cached = last;
            if (cached == null || !cached.sources().equals(values)) {
                List<T> parsed = new ArrayList<>(values.size());
                for (String value : values) {
                    parsed.add(parser.apply(value));
                }
                cached = new ParsedList<>(values, parsed);
                last = cached;
            }
            return new ArrayList<>(cached.values());
        }

        /** {@code sources} and {@code values} are handed over: nobody changes them afterwards. */
        void remember(List<String> sources, List<T> values) {
            last = new ParsedList<>(sources, values);
        }
    }

    private record ParsedList<T>(List<String> sources, List<T> values) {
    }
}
