package io.telcred.sip.message;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The table of well-known header names and their compact forms. Every header lookup and every
 * parsed header line goes through it, so it answers without allocating: names spelled as the
 * canonical constants callers pass ({@code "Via"}) hit a plain map on the string's cached hash;
 * other spellings, and names still in the parser's bytes, are hashed and compared in lower case
 * against an open-addressed table.
 */
final class KnownHeaders {

    private static final String[] NAMES = {"Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language",
        "Accept-Resource-Priority", "Alert-Info", "Allow", "Allow-Events", "Authentication-Info", "Authorization",
        "Call-ID", "Call-Info", "Contact", "Content-Disposition", "Content-Encoding", "Content-Language",
        "Content-Length", "Content-Type", "CSeq", "Date", "Error-Info", "Event", "Expires", "Flow-Timer", "From",
        "History-Info", "Identity", "Identity-Info", "In-Reply-To", "Join", "Max-Breadth", "Max-Forwards",
        "MIME-Version", "Min-Expires", "Min-SE", "Organization", "P-Access-Network-Info", "P-Asserted-Identity",
        "P-Associated-URI", "P-Called-Party-ID", "P-Charging-Vector", "P-Preferred-Identity",
        "P-Visited-Network-ID", "Path", "Priority", "Privacy", "Proxy-Authenticate", "Proxy-Authorization",
        "Proxy-Require", "RAck", "Reason", "Record-Route", "Refer-Sub", "Refer-To", "Referred-By", "Reject-Contact",
        "Replaces", "Reply-To", "Request-Disposition", "Require", "Resource-Priority", "Retry-After", "Route", "RSeq",
        "Security-Client", "Security-Server", "Security-Verify", "Server", "Service-Route", "Session-Expires",
        "SIP-ETag", "SIP-If-Match", "Subject", "Subscription-State", "Supported", "Target-Dialog", "Timestamp", "To",
        "Unsupported", "User-Agent", "Via", "Warning", "WWW-Authenticate"};

    private static final String[][] COMPACT_FORMS = {{"i", "Call-ID"}, {"m", "Contact"}, {"f", "From"}, {"t", "To"},
        {"v", "Via"}, {"l", "Content-Length"}, {"c", "Content-Type"}, {"e", "Content-Encoding"}, {"k", "Supported"},
        {"s", "Subject"}, {"o", "Event"}, {"r", "Refer-To"}, {"u", "Allow-Events"}, {"a", "Accept-Contact"},
        {"b", "Referred-By"}, {"d", "Request-Disposition"}, {"j", "Reject-Contact"}, {"x", "Session-Expires"},
        {"y", "Identity"}};

    private static final Set<String> LIST_HEADERS = Set.of("Accept", "Accept-Contact", "Accept-Encoding",
            "Accept-Language", "Accept-Resource-Priority", "Alert-Info", "Allow", "Allow-Events", "Call-Info",
            "Contact", "Content-Encoding", "Content-Language", "Error-Info", "History-Info", "In-Reply-To",
            "P-Asserted-Identity", "P-Associated-URI", "P-Preferred-Identity", "Path", "Proxy-Require", "Reason",
            "Record-Route", "Reject-Contact", "Request-Disposition", "Require", "Resource-Priority", "Route",
            "Security-Client", "Security-Server", "Security-Verify", "Service-Route", "Supported", "Unsupported",
            "Via", "Warning");

    /** Canonical spellings and lower-case compact forms, as written. */
    private static final Map<String, KnownHeader> EXACT = new HashMap<>();

    /** Open addressing with linear probing; a quarter full at most, so probes are short. */
    private static final int SLOTS = 512;
    private static final int MASK = SLOTS - 1;
    private static final String[] LOWER_KEYS = new String[SLOTS];
    private static final KnownHeader[] HEADERS = new KnownHeader[SLOTS];

    static {
        for (String name : NAMES) {
            KnownHeader header = new KnownHeader(name, LIST_HEADERS.contains(name));
            EXACT.put(name, header);
            insert(name.toLowerCase(Locale.ROOT), header);
        }
        for (String[] pair : COMPACT_FORMS) {
            KnownHeader header = EXACT.get(pair[1]);
            EXACT.put(pair[0], header);
            insert(pair[0], header);
        }
    }

    /** The headers the codec itself reads, so that it need not look their names up. */
    static final KnownHeader CALL_ID = EXACT.get("Call-ID");
    static final KnownHeader CONTACT = EXACT.get("Contact");
    static final KnownHeader CONTENT_LENGTH = EXACT.get("Content-Length");
    static final KnownHeader CONTENT_TYPE = EXACT.get("Content-Type");
    static final KnownHeader CSEQ = EXACT.get("CSeq");
    static final KnownHeader EXPIRES = EXACT.get("Expires");
    static final KnownHeader FROM = EXACT.get("From");
    static final KnownHeader MAX_FORWARDS = EXACT.get("Max-Forwards");
    static final KnownHeader PATH = EXACT.get("Path");
    static final KnownHeader RECORD_ROUTE = EXACT.get("Record-Route");
    static final KnownHeader ROUTE = EXACT.get("Route");
    static final KnownHeader TO = EXACT.get("To");
    static final KnownHeader VIA = EXACT.get("Via");

    private KnownHeaders() {
    }

    private static void insert(String lowerKey, KnownHeader header) {
        int slot = spread(lowerHash(lowerKey)) & MASK;
        while (LOWER_KEYS[slot] != null) {
            slot = (slot + 1) & MASK;
        }
        LOWER_KEYS[slot] = lowerKey;
        HEADERS[slot] = header;
    }

    /** The known header of that name in any case or compact form, or null for a name telcred does not know. */
    static KnownHeader find(String name) {
        KnownHeader exact = EXACT.get(name);
        if (exact != null) {
            return exact;
        }
        int n = name.length();
        int hash = 0;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c >= 0x80) {
                return findUnicode(name);
            }
            hash = 31 * hash + asciiLower(c);
        }
        for (int slot = spread(hash) & MASK; LOWER_KEYS[slot] != null; slot = (slot + 1) & MASK) {
            if (equalsLower(name, LOWER_KEYS[slot])) {
                return HEADERS[slot];
            }
        }
        return null;
    }

    /**
     * The known header whose name is in {@code data[from, to)}, read as ISO-8859-1, or null. No byte
     * above 0x7f lower-cases to ASCII, so such names are simply unknown.
     */
    static KnownHeader find(byte[] data, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            byte b = data[i];
            if (b < 0) {
                return null;
            }
            hash = 31 * hash + asciiLower((char) b);
        }
        int length = to - from;
        for (int slot = spread(hash) & MASK; LOWER_KEYS[slot] != null; slot = (slot + 1) & MASK) {
            if (equalsLower(data, from, length, LOWER_KEYS[slot])) {
                return HEADERS[slot];
            }
        }
        return null;
    }

    /**
     * Names outside ASCII are lower-cased as {@code String.toLowerCase} does, so that a Kelvin sign
     * (U+212A) still reads as the compact {@code k}, as it always has.
     */
    private static KnownHeader findUnicode(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            if (lower.charAt(i) >= 0x80) {
                return null;
            }
        }
        return find(lower);
    }

    private static boolean equalsLower(String name, String lowerKey) {
        int n = lowerKey.length();
        if (name.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (asciiLower(name.charAt(i)) != lowerKey.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsLower(byte[] data, int from, int length, String lowerKey) {
        if (length != lowerKey.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (asciiLower((char) data[from + i]) != lowerKey.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int lowerHash(String lowerKey) {
        int hash = 0;
        for (int i = 0; i < lowerKey.length(); i++) {
            hash = 31 * hash + lowerKey.charAt(i);
        }
        return hash;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
