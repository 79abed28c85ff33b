package io.telcred.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Parses one whole SIP message: a UDP datagram, a WebSocket frame, or a frame cut by
 * {@link SipStreamFrameDecoder}. It never throws: malformed input becomes
 * {@link ParseResult.Invalid}, with as much of a request as could be read so that the caller can
 * answer 400 (RFC 3261 §8.2, §16.3) instead of dropping it silently.
 *
 * <p>Accepted leniently, because real stacks and RFC 4475's valid torture messages send them:
 * leading CRLFs before the start line, bare LF line ends, header folding, compact and oddly cased
 * names, white space before the colon, empty values, leading zeros, UTF-8 in values. Rejected
 * strictly, because a proxy must not forward them or guess: anything but single spaces in the
 * request line, SIP versions other than 2.0, missing or repeated To, From, Call-ID, CSeq, a CSeq
 * method that differs from the request method, malformed Via, From, To, Contact, Route,
 * Record-Route or Path values, a Request-URI with headers, repeated or bad Content-Length.
 *
 * <p>Content-Length is optional here (datagrams, §18.3); when present, a body shorter than it is
 * invalid and a longer one is cut to it. Every step is a single forward scan, so the cost is linear
 * in the input and bounded by {@link SipLimits}. Instances hold no state besides the limits and
 * may be shared.
 */
public final class SipParser {

    /** Methods of RFC 3261 and its extensions; an unknown method with a mismatched CSeq earns 501. */
    private static final Set<String> KNOWN_METHODS = Set.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER",
            "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE");

    /** Name-addr headers that routing and registration read; a malformed value is rejected up front. */
    private static final List<KnownHeader> ADDRESS_LIST_HEADERS = List.of(KnownHeaders.CONTACT, KnownHeaders.ROUTE,
            KnownHeaders.RECORD_ROUTE, KnownHeaders.PATH);

    /** Headers a request or response must carry exactly once. */
    private static final List<KnownHeader> SINGLE_HEADERS = List.of(KnownHeaders.FROM, KnownHeaders.TO,
            KnownHeaders.CALL_ID, KnownHeaders.CSEQ);

    /** Request-URI of a partial request whose own could not be read. */
    private static final String PLACEHOLDER_URI = "sip:invalid.invalid";

    /** Reasons quote input; keep them short enough for a log line or a reason phrase. */
    private static final int MAX_REASON_LENGTH = 200;

    private final SipLimits limits;

    public SipParser(SipLimits limits) {
        if (limits == null) {
            throw new NullPointerException("limits");
        }
        this.limits = limits;
    }

    public SipLimits limits() {
        return limits;
    }

    /** Parses {@code length} bytes of {@code data} from {@code offset} as one message. Never throws. */
    public ParseResult parse(byte[] data, int offset, int length) {
        if (data == null || offset < 0 || length < 0 || offset > data.length - length) {
            return new ParseResult.Invalid("no message bytes in the given range", null);
        }
        if (length > limits.maxMessageBytes()) {
            return new ParseResult.Invalid("message of " + length + " bytes exceeds maxMessageBytes "
                    + limits.maxMessageBytes(), null, 513);
        }
        try {
            return new Reading(data, offset, offset + length).read();
        } catch (SipParseException e) {
            return new ParseResult.Invalid(printable(e.getMessage(), MAX_REASON_LENGTH), null);
        } catch (RuntimeException e) {
            // A defect in this parser must not take the transport down; report it as bad input.
            return new ParseResult.Invalid("unparseable message (" + e.getClass().getSimpleName() + ")", null);
        }
    }

    public ParseResult parse(byte[] data) {
        return data == null ? parse(null, 0, 0) : parse(data, 0, data.length);
    }

    /** A failed check: what to tell the peer and which status to answer with. */
    private record Failure(String reason, int status) {
        static Failure of(String reason) {
            return new Failure(reason, 400);
        }
    }

    /** The start line as far as it could be read. For a request, {@code method} is set if it was a token. */
    private record StartLine(boolean request, String method, String uri, int status, String reason, Failure failure) {
    }

    /** One pass over one message. */
    private final class Reading {
        private final byte[] data;
        private final int end;
        private int pos;
        private final SipHeaders headers = new SipHeaders();
        private StartLine start;
        /** The header line read last, added once the next line shows that it is not folded further. */
        private String pendingName;
        /** Its value as received: from after the colon to the end of the line. */
        private int pendingValueFrom;
        private int pendingValueTo;
        /** Its value with continuation lines appended, once there is one (rare); else null. */
        private StringBuilder folded;

        Reading(byte[] data, int from, int end) {
            this.data = data;
            this.pos = from;
            this.end = end;
        }

        ParseResult read() {
            // RFC 3261 §7.5: CRLFs before the start line are ignored (keep-alives, sloppy stacks).
            while (pos < end && (data[pos] == '\r' || data[pos] == '\n')) {
                pos++;
            }
            if (pos == end) {
                return new ParseResult.Invalid("empty message", null);
            }
            int lineEnd = findLineEnd(pos);
            if (lineEnd < 0) {
                return new ParseResult.Invalid("start line is not terminated by CRLF", null);
            }
            int contentEnd = contentEnd(pos, lineEnd);
            if (contentEnd - pos > limits.maxLineLength()) {
                return new ParseResult.Invalid("start line longer than maxLineLength " + limits.maxLineLength(), null);
            }
            start = parseStartLine(new String(data, pos, contentEnd - pos, StandardCharsets.UTF_8));
            pos = lineEnd + 1;
            if (start.request() && start.method() == null) {
                return new ParseResult.Invalid(printable(start.failure().reason(), MAX_REASON_LENGTH), null);
            }
            Failure failure = readHeaders();
            if (failure == null) {
                failure = start.failure();
            }
            if (failure != null) {
                return invalid(failure, null);
            }
            byte[] body;
            Failure repeated = atMostOnce(KnownHeaders.CONTENT_LENGTH);
            if (repeated != null) {
                return invalid(repeated, null);
            }
            String contentLength = headers.first(KnownHeaders.CONTENT_LENGTH);
            int available = end - pos;
            if (contentLength == null) {
                body = bytes(pos, end);
            } else {
                long declared = parseContentLength(contentLength);
                if (declared < 0) {
                    return invalid(Failure.of("malformed Content-Length: " + contentLength), null);
                }
                if (declared > available) {
                    return invalid(Failure.of("Content-Length " + declared + " exceeds the " + available
                            + " body bytes received"), null);
                }
                // §18.3: octets beyond Content-Length in a datagram are discarded.
                body = bytes(pos, pos + (int) declared);
            }
            SipMessage message = start.request()
                    ? new SipRequest(start.method(), start.uri(), headers, body)
                    : new SipResponse(start.status(), start.reason(), headers, body);
            try {
                failure = validate(message);
            } catch (SipParseException e) {
                failure = Failure.of(e.getMessage());
            }
            if (failure != null) {
                return invalid(failure, body);
            }
            return new ParseResult.Parsed(message);
        }

        /** The bytes of {@code data[from, to)}, or null (an empty body) when there are none. */
        private byte[] bytes(int from, int to) {
            return from == to ? null : Arrays.copyOfRange(data, from, to);
        }

        private ParseResult invalid(Failure failure, byte[] body) {
            String reason = printable(failure.reason(), MAX_REASON_LENGTH);
            if (!start.request()) {
                return new ParseResult.Invalid(reason, null, failure.status());
            }
            String uri = start.uri() != null ? start.uri() : PLACEHOLDER_URI;
            SipRequest partial = new SipRequest(start.method(), uri, headers, body);
            return new ParseResult.Invalid(reason, partial, failure.status());
        }

        /** Reads header lines up to the empty line; the first failure stops reading. */
        private Failure readHeaders() {
            int count = 0;
            while (true) {
                if (pos >= end) {
                    flush();
                    return Failure.of("header section is not terminated by an empty line");
                }
                int lineStart = pos;
                int contentEnd = endOfCleanLine(lineStart);
                if (contentEnd < 0) {
                    flush();
                    return badLine(lineStart);
                }
                if (contentEnd - lineStart > limits.maxLineLength()) {
                    flush();
                    return Failure.of("header line longer than maxLineLength " + limits.maxLineLength());
                }
                pos = data[contentEnd] == '\r' ? contentEnd + 2 : contentEnd + 1;
                if (contentEnd == lineStart) {
                    flush();
                    return null;
                }
                byte first = data[lineStart];
                if (first == ' ' || first == '\t') {
                    if (pendingName == null) {
                        return Failure.of("continuation line without a header before it");
                    }
                    // Folding (§7.3.1): the line break and leading white space read as one space.
                    if (folded == null) {
                        folded = new StringBuilder(new String(data, pendingValueFrom,
                                pendingValueTo - pendingValueFrom, StandardCharsets.UTF_8));
                    }
                    folded.append(' ').append(new String(data, lineStart, contentEnd - lineStart,
                            StandardCharsets.UTF_8).strip());
                    continue;
                }
                flush();
                if (++count > limits.maxHeaders()) {
                    return Failure.of("more than maxHeaders " + limits.maxHeaders() + " header lines");
                }
                int colon = -1;
                for (int i = lineStart; i < contentEnd; i++) {
                    if (data[i] == ':') {
                        colon = i;
                        break;
                    }
                }
                if (colon < 0) {
                    return Failure.of("header line without a colon");
                }
                int nameEnd = colon;
                while (nameEnd > lineStart && (data[nameEnd - 1] == ' ' || data[nameEnd - 1] == '\t')) {
                    nameEnd--;
                }
                String name = headerName(lineStart, nameEnd);
                if (name == null) {
                    String raw = new String(data, lineStart, nameEnd - lineStart, StandardCharsets.ISO_8859_1);
                    return Failure.of("header name is not a token: " + printable(raw));
                }
                pendingName = name;
                pendingValueFrom = colon + 1;
                pendingValueTo = contentEnd;
            }
        }

        /**
         * The end of the content of the line at {@code lineStart} when it ends in LF or CRLF and holds
         * no other CR, as nearly every line does; else -1. One scan finds both the line end and any
         * stray CR.
         */
        private int endOfCleanLine(int lineStart) {
            int i = ByteScan.indexOfLineBreak(data, lineStart, end);
            if (i == end) {
                return -1;
            }
            return data[i] == '\n' || (i + 1 < end && data[i + 1] == '\n') ? i : -1;
        }

        /** Why the line at {@code lineStart} is not a clean line, checked in the order a reader sees it. */
        private Failure badLine(int lineStart) {
            int lineEnd = findLineEnd(lineStart);
            int contentEnd = lineEnd < 0 ? end : contentEnd(lineStart, lineEnd);
            if (contentEnd - lineStart > limits.maxLineLength()) {
                return Failure.of("header line longer than maxLineLength " + limits.maxLineLength());
            }
            if (lineEnd < 0) {
                return Failure.of("header section is not terminated by an empty line");
            }
            return Failure.of("bare CR inside a header line");
        }

        /** The canonical name in {@code data[from, to)}, or null when it is not a token. */
        private String headerName(int from, int to) {
            if (from == to) {
                return null;
            }
            for (int i = from; i < to; i++) {
                if (!SipSyntax.isTokenByte(data[i])) {
                    return null;
                }
            }
            KnownHeader known = KnownHeaders.find(data, from, to);
            return known != null ? known.name() : new String(data, from, to - from, StandardCharsets.ISO_8859_1);
        }

        /** Adds the pending header line, its value trimmed as {@link String#strip} would. */
        private void flush() {
            if (pendingName == null) {
                return;
            }
            String value;
            if (folded != null) {
                value = folded.toString().strip();
                folded = null;
            } else {
                value = trimmedValue(pendingValueFrom, pendingValueTo);
            }
            headers.addValid(new SipHeaders.Entry(pendingName, value));
            pendingName = null;
        }

        /**
         * {@code data[from, to)} as UTF-8 without surrounding white space. ASCII white space is cut
         * from the bytes, so that the usual value is decoded once into its final string; strip()
         * then removes any non-ASCII white space, and is free when there is none.
         */
        private String trimmedValue(int from, int to) {
            while (from < to && isAsciiWhitespace(data[from])) {
                from++;
            }
            while (to > from && isAsciiWhitespace(data[to - 1])) {
                to--;
            }
            return new String(data, from, to - from, StandardCharsets.UTF_8).strip();
        }

        /** Index of the next LF at or after {@code from}, or -1. */
        private int findLineEnd(int from) {
            for (int i = from; i < end; i++) {
                if (data[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /** End of a line's content: before CRLF, or before a bare LF. */
        private int contentEnd(int lineStart, int lf) {
            return lf > lineStart && data[lf - 1] == '\r' ? lf - 1 : lf;
        }

        /** A failure unless the header appears on exactly one line. */
        private Failure exactlyOnce(KnownHeader header) {
            return headers.count(header) == 0 ? Failure.of("missing " + header.name()) : atMostOnce(header);
        }

        /** A failure when a single-valued header appears on more than one line. */
        private Failure atMostOnce(KnownHeader header) {
            return headers.count(header) > 1 ? Failure.of("more than one " + header.name()) : null;
        }

        /**
         * Checks what a proxy or registrar relies on. The values it parses for that are handed to the
         * message, whose accessors would otherwise parse them again.
         */
        private Failure validate(SipMessage message) {
            Failure failure = validateVias(message);
            for (KnownHeader header : SINGLE_HEADERS) {
                if (failure == null) {
                    failure = exactlyOnce(header);
                }
            }
            if (failure == null) {
                failure = atMostOnce(KnownHeaders.MAX_FORWARDS);
            }
            if (failure != null) {
                return failure;
            }
            String fromText = headers.first(KnownHeaders.FROM);
            NameAddress from = NameAddress.parse(fromText);
            if (from.isWildcard()) {
                return Failure.of("From cannot be *");
            }
            String toText = headers.first(KnownHeaders.TO);
            NameAddress to = NameAddress.parse(toText);
            if (to.isWildcard()) {
                return Failure.of("To cannot be *");
            }
            if (headers.first(KnownHeaders.CALL_ID).isEmpty()) {
                return Failure.of("empty Call-ID");
            }
            String cseqValue = headers.first(KnownHeaders.CSEQ);
            CSeq cseq = CSeq.parse(cseqValue);
            if (cseq == null) {
                return Failure.of("malformed CSeq: " + printable(cseqValue));
            }
            if (start.request() && !cseq.method().equals(start.method())) {
                // RFC 4475 §3.1.2.18: for an unknown method, 501 ages better than 400.
                int status = KNOWN_METHODS.contains(start.method()) ? 400 : 501;
                return new Failure("CSeq method " + cseq.method() + " does not match request method "
                        + start.method(), status);
            }
            String maxForwards = headers.first(KnownHeaders.MAX_FORWARDS);
            if (maxForwards != null && SipMessage.smallNumber(maxForwards, 255) < 0) {
                return Failure.of("Max-Forwards must be 0 to 255: " + printable(maxForwards));
            }
            List<String> contactTexts = new ArrayList<>(2);
            List<NameAddress> contacts = new ArrayList<>(2);
            for (KnownHeader header : ADDRESS_LIST_HEADERS) {
                boolean contact = header == KnownHeaders.CONTACT;
                for (String line : headers.lines(header)) {
                    for (String value : SipSyntax.splitList(line, true)) {
                        if (value.isEmpty()) {
                            return Failure.of("empty value in " + header.name());
                        }
                        NameAddress address = NameAddress.parse(value);
                        if (contact) {
                            contactTexts.add(value);
                            contacts.add(address);
                        }
                    }
                }
            }
            message.rememberFrom(fromText, from);
            message.rememberTo(toText, to);
            message.rememberCSeq(cseqValue, cseq);
            message.rememberContacts(contactTexts, contacts);
            return null;
        }

        private Failure validateVias(SipMessage message) {
            List<String> lines = headers.lines(KnownHeaders.VIA);
            if (lines.isEmpty()) {
                return Failure.of("missing Via");
            }
            boolean top = true;
            for (String line : lines) {
                for (String value : SipSyntax.splitList(line, true)) {
                    if (value.isEmpty()) {
                        return Failure.of("empty Via value");
                    }
                    Via via = Via.parse(value);
                    if (top) {
                        message.rememberTopVia(value, via);
                        top = false;
                    }
                }
            }
            return null;
        }
    }

    /** White space as {@link Character#isWhitespace} sees it, for a byte below 0x80. */
    private static boolean isAsciiWhitespace(byte b) {
        return b == ' ' || (b >= 0x09 && b <= 0x0d) || (b >= 0x1c && b <= 0x1f);
    }

    private static StartLine parseStartLine(String line) {
        if (line.regionMatches(true, 0, "SIP/", 0, 4)) {
            return parseStatusLine(line);
        }
        int firstSpace = line.indexOf(' ');
        if (firstSpace <= 0 || !SipSyntax.isToken(line.substring(0, firstSpace))) {
            return new StartLine(true, null, null, 0, null,
                    Failure.of("request line does not start with a method token"));
        }
        String method = line.substring(0, firstSpace);
        int lastSpace = line.lastIndexOf(' ');
        if (lastSpace == firstSpace) {
            return new StartLine(true, method, null, 0, null,
                    Failure.of("request line must be Method SP Request-URI SP SIP-Version"));
        }
        String uri = line.substring(firstSpace + 1, lastSpace);
        String version = line.substring(lastSpace + 1);
        String cleanUri = uri.strip();
        String usableUri = cleanUri.isEmpty() || hasWhitespaceOrControl(cleanUri) ? null : cleanUri;
        if (version.isEmpty()) {
            // RFC 4475 §3.1.2.10 allows rejecting trailing SP; a forwarded request must not carry it anyway.
            return new StartLine(true, method, usableUri, 0, null, Failure.of("white space after the SIP version"));
        }
        if (uri.isEmpty() || !uri.equals(cleanUri) || usableUri == null) {
            return new StartLine(true, method, usableUri, 0, null,
                    Failure.of("request line must be Method SP Request-URI SP SIP-Version with single spaces"));
        }
        Failure versionFailure = checkVersion(version);
        if (versionFailure != null) {
            return new StartLine(true, method, usableUri, 0, null, versionFailure);
        }
        Failure uriFailure;
        try {
            uriFailure = checkRequestUri(uri);
        } catch (SipParseException e) {
            uriFailure = Failure.of("malformed Request-URI: " + e.getMessage());
        }
        return new StartLine(true, method, usableUri, 0, null, uriFailure);
    }

    private static StartLine parseStatusLine(String line) {
        int space = line.indexOf(' ');
        if (space < 0) {
            return new StartLine(false, null, null, 0, null, Failure.of("status line without a status code"));
        }
        Failure versionFailure = checkVersion(line.substring(0, space));
        if (versionFailure != null) {
            return new StartLine(false, null, null, 0, null, versionFailure);
        }
        int codeStart = space + 1;
        int codeEnd = codeStart;
        while (codeEnd < line.length() && SipSyntax.isDigit(line.charAt(codeEnd))) {
            codeEnd++;
        }
        boolean separated = codeEnd == line.length() || line.charAt(codeEnd) == ' ';
        if (codeEnd - codeStart != 3 || !separated) {
            return new StartLine(false, null, null, 0, null, Failure.of("status code is not three digits"));
        }
        int status = Integer.parseInt(line.substring(codeStart, codeEnd));
        if (status < 100 || status > 699) {
            return new StartLine(false, null, null, 0, null, Failure.of("status code out of range: " + status));
        }
        // "SIP/2.0 100" without the SP before an empty reason is accepted (RFC 4475 §3.1.1.13 allows it).
        String reason = codeEnd == line.length() ? "" : line.substring(codeEnd + 1);
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (c < ' ' && c != '\t') {
                return new StartLine(false, null, null, 0, null, Failure.of("control character in reason phrase"));
            }
        }
        return new StartLine(false, null, null, status, reason, null);
    }

    /** SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT; only 2.0 is spoken, others earn 505 (§21.5.6). */
    private static Failure checkVersion(String version) {
        if (version.equalsIgnoreCase("SIP/2.0")) {
            return null;
        }
        int dot = version.indexOf('.');
        boolean wellFormed = version.regionMatches(true, 0, "SIP/", 0, 4) && dot > 4 && dot < version.length() - 1
                && allDigits(version, 4, dot) && allDigits(version, dot + 1, version.length());
        return wellFormed ? new Failure("SIP version " + printable(version) + " is not supported", 505)
                : Failure.of("malformed SIP version: " + printable(version));
    }

    private static Failure checkRequestUri(String uri) {
        int colon = uri.indexOf(':');
        if (colon <= 0 || colon == uri.length() - 1 || !SipSyntax.isAlpha(uri.charAt(0))) {
            return Failure.of("Request-URI is not an absolute URI");
        }
        for (int i = 1; i < colon; i++) {
            char c = uri.charAt(i);
            if (!(SipSyntax.isAlphaNum(c) || c == '+' || c == '-' || c == '.')) {
                return Failure.of("Request-URI is not an absolute URI");
            }
        }
        for (int i = colon + 1; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '<' || c == '>' || c == '"' || c == 0x7f) {
                return Failure.of("bad character in Request-URI");
            }
        }
        String scheme = uri.substring(0, colon);
        if (scheme.equalsIgnoreCase("sip") || scheme.equalsIgnoreCase("sips")) {
            SipUri parsed = SipUri.parse(uri);
            if (parsed.headers() != null) {
                // RFC 4475 §3.1.2.11: escaped headers are not allowed in a Request-URI (§19.1.1 table).
                return Failure.of("Request-URI must not contain headers");
            }
        }
        return null;
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!SipSyntax.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return to > from;
    }

    private static boolean hasWhitespaceOrControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) <= ' ') {
                return true;
            }
        }
        return false;
    }

    /** Content-Length as a number, -1 when not 1*DIGIT (negative values included) or beyond an int. */
    static long parseContentLength(String value) {
        return SipSyntax.wholeNumber(value, Integer.MAX_VALUE);
    }

    static String printable(String s) {
        return printable(s, 80);
    }

    /**
     * Text safe to log or to put in a reason phrase: control characters shown as '?', cut to
     * {@code max} characters, since it may quote hostile input.
     */
    static String printable(String s, int max) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 3);
        for (int i = 0; i < s.length() && i < max; i++) {
            char c = s.charAt(i);
            out.append(c < ' ' || c == 0x7f ? '?' : c);
        }
        return s.length() > max ? out.append("...").toString() : out.toString();
    }
}
