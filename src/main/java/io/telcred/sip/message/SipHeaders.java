package io.telcred.sip.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The header lines of a SIP message, in order. Names are case-insensitive; on input compact forms
 * become long forms ({@code i} → {@code Call-ID}) and well-known names take their canonical
 * spelling, so lookups and encoding never see {@code v:} or {@code CALL-ID}. Unknown names keep
 * their spelling.
 *
 * <p>List headers (Via, Contact, Route, ...) may carry several comma-separated values on one line or
 * be repeated (RFC 3261 §7.3.1); {@link #first} and {@link #all} see through both forms, splitting on
 * commas outside quoted strings and angle brackets. For other headers a comma is part of the value
 * (Date, WWW-Authenticate), so they are read line by line. Not thread-safe.
 */
public final class SipHeaders implements Iterable<SipHeaders.Entry> {

    /** One header line; {@code name} in canonical form. */
    public record Entry(String name, String value) {
        public Entry {
            if (name == null || value == null) {
                throw new NullPointerException("header name and value are required");
            }
        }
    }

    private static final Map<String, String> CANONICAL = new HashMap<>();
    private static final Set<String> LIST_HEADERS = new HashSet<>();

    static {
        String[] names = {"Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Accept-Resource-Priority",
            "Alert-Info", "Allow", "Allow-Events", "Authentication-Info", "Authorization", "Call-ID", "Call-Info",
            "Contact", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length",
            "Content-Type", "CSeq", "Date", "Error-Info", "Event", "Expires", "Flow-Timer", "From", "History-Info",
            "Identity", "Identity-Info", "In-Reply-To", "Join", "Max-Breadth", "Max-Forwards", "MIME-Version",
            "Min-Expires", "Min-SE", "Organization", "P-Access-Network-Info", "P-Asserted-Identity",
            "P-Associated-URI", "P-Called-Party-ID", "P-Charging-Vector", "P-Preferred-Identity",
            "P-Visited-Network-ID", "Path", "Priority", "Privacy", "Proxy-Authenticate", "Proxy-Authorization",
            "Proxy-Require", "RAck", "Reason", "Record-Route", "Refer-Sub", "Refer-To", "Referred-By",
            "Reject-Contact", "Replaces", "Reply-To", "Request-Disposition", "Require", "Resource-Priority",
            "Retry-After", "Route", "RSeq", "Security-Client", "Security-Server", "Security-Verify", "Server",
            "Service-Route", "Session-Expires", "SIP-ETag", "SIP-If-Match", "Subject", "Subscription-State",
            "Supported", "Target-Dialog", "Timestamp", "To", "Unsupported", "User-Agent", "Via", "Warning",
            "WWW-Authenticate"};
        for (String name : names) {
            CANONICAL.put(name.toLowerCase(Locale.ROOT), name);
        }
        String[][] compact = {{"i", "Call-ID"}, {"m", "Contact"}, {"f", "From"}, {"t", "To"}, {"v", "Via"},
            {"l", "Content-Length"}, {"c", "Content-Type"}, {"e", "Content-Encoding"}, {"k", "Supported"},
            {"s", "Subject"}, {"o", "Event"}, {"r", "Refer-To"}, {"u", "Allow-Events"}, {"a", "Accept-Contact"},
            {"b", "Referred-By"}, {"d", "Request-Disposition"}, {"j", "Reject-Contact"}, {"x", "Session-Expires"},
            {"y", "Identity"}};
        for (String[] pair : compact) {
            CANONICAL.put(pair[0], pair[1]);
        }
        Collections.addAll(LIST_HEADERS, "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language",
                "Accept-Resource-Priority", "Alert-Info", "Allow", "Allow-Events", "Call-Info", "Contact",
                "Content-Encoding", "Content-Language", "Error-Info", "History-Info", "In-Reply-To",
                "P-Asserted-Identity", "P-Associated-URI", "P-Preferred-Identity", "Path", "Proxy-Require", "Reason",
                "Record-Route", "Reject-Contact", "Request-Disposition", "Require", "Resource-Priority", "Route",
                "Security-Client", "Security-Server", "Security-Verify", "Service-Route", "Supported", "Unsupported",
                "Via", "Warning");
    }

    private final List<Entry> entries;

    public SipHeaders() {
        this.entries = new ArrayList<>(16);
    }

    private SipHeaders(List<Entry> entries) {
        this.entries = entries;
    }

    /** The canonical long form of a header name: compact forms expanded, well-known names respelled. */
    public static String canonicalName(String name) {
        String known = CANONICAL.get(name.toLowerCase(Locale.ROOT));
        return known != null ? known : name;
    }

    /** Whether the header's values are a comma-separated list (RFC 3261 §7.3.1). */
    public static boolean isListHeader(String name) {
        return LIST_HEADERS.contains(canonicalName(name));
    }

    private static String checkedName(String name) {
        if (name == null || !SipSyntax.isToken(name)) {
            throw new IllegalArgumentException("bad header name: " + name);
        }
        return canonicalName(name);
    }

    private static String checkedValue(String value) {
        if (value == null) {
            throw new NullPointerException("header value is required");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                // A line break in a value would let a caller inject headers into the encoding.
                throw new IllegalArgumentException("header value contains a line break");
            }
        }
        return value;
    }

    /** Appends a header line. */
    public SipHeaders add(String name, String value) {
        entries.add(new Entry(checkedName(name), checkedValue(value)));
        return this;
    }

    /** Inserts a line before the first line of that name, or at the top when there is none. */
    public SipHeaders addFirst(String name, String value) {
        String canonical = checkedName(name);
        Entry entry = new Entry(canonical, checkedValue(value));
        int index = indexOf(canonical);
        entries.add(Math.max(index, 0), entry);
        return this;
    }

    /** Replaces every line of that name with one, at the place of the first (or appended). */
    public SipHeaders set(String name, String value) {
        String canonical = checkedName(name);
        Entry entry = new Entry(canonical, checkedValue(value));
        int index = indexOf(canonical);
        if (index < 0) {
            entries.add(entry);
            return this;
        }
        entries.set(index, entry);
        for (int i = entries.size() - 1; i > index; i--) {
            if (entries.get(i).name().equalsIgnoreCase(canonical)) {
                entries.remove(i);
            }
        }
        return this;
    }

    /** Removes every line of that name. */
    public SipHeaders remove(String name) {
        String canonical = canonicalName(name);
        entries.removeIf(e -> e.name().equalsIgnoreCase(canonical));
        return this;
    }

    /**
     * Removes the first comma-separated value of a header (the top Via, the top Route), dropping the
     * line if nothing remains; false when there is no such header.
     */
    public boolean removeFirstValue(String name) {
        String canonical = canonicalName(name);
        int index = indexOf(canonical);
        if (index < 0) {
            return false;
        }
        List<String> values = SipSyntax.splitList(entries.get(index).value(), false);
        if (values.size() <= 1) {
            entries.remove(index);
        } else {
            entries.set(index, new Entry(canonical, String.join(", ", values.subList(1, values.size()))));
        }
        return true;
    }

    /**
     * The first value: for list headers the first comma-separated element, else the first line's
     * whole value; null when absent.
     */
    public String first(String name) {
        String canonical = canonicalName(name);
        boolean list = LIST_HEADERS.contains(canonical);
        for (Entry e : entries) {
            if (e.name().equalsIgnoreCase(canonical)) {
                if (!list) {
                    return e.value();
                }
                List<String> values = SipSyntax.splitList(e.value(), false);
                if (!values.isEmpty()) {
                    return values.get(0);
                }
            }
        }
        return null;
    }

    /** Every value: list headers split on commas (empty elements dropped), others one per line. */
    public List<String> all(String name) {
        String canonical = canonicalName(name);
        boolean list = LIST_HEADERS.contains(canonical);
        List<String> values = new ArrayList<>(2);
        for (Entry e : entries) {
            if (e.name().equalsIgnoreCase(canonical)) {
                if (list) {
                    values.addAll(SipSyntax.splitList(e.value(), false));
                } else {
                    values.add(e.value());
                }
            }
        }
        return values;
    }

    /** The raw values of every line of that name, in order. */
    public List<String> lines(String name) {
        String canonical = canonicalName(name);
        List<String> values = new ArrayList<>(2);
        for (Entry e : entries) {
            if (e.name().equalsIgnoreCase(canonical)) {
                values.add(e.value());
            }
        }
        return values;
    }

    public boolean contains(String name) {
        return indexOf(canonicalName(name)) >= 0;
    }

    /** Number of header lines. */
    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public SipHeaders copy() {
        return new SipHeaders(new ArrayList<>(entries));
    }

    /** The lines in order; read-only. */
    @Override
    public Iterator<Entry> iterator() {
        return Collections.unmodifiableList(entries).iterator();
    }

    private int indexOf(String canonical) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).name().equalsIgnoreCase(canonical)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipHeaders h && entries.equals(h.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Entry e : entries) {
            out.append(e.name()).append(": ").append(e.value()).append("\r\n");
        }
        return out.toString();
    }
}
