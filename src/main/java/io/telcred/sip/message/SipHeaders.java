package io.telcred.sip.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

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

    private final List<Entry> entries;

    public SipHeaders() {
        this.entries = new ArrayList<>(16);
    }

    private SipHeaders(List<Entry> entries) {
        this.entries = entries;
    }

    /** The canonical long form of a header name: compact forms expanded, well-known names respelled. */
    public static String canonicalName(String name) {
        KnownHeader known = KnownHeaders.find(name);
        return known != null ? known.name() : name;
    }

    /** Whether the header's values are a comma-separated list (RFC 3261 §7.3.1). */
    public static boolean isListHeader(String name) {
        KnownHeader known = KnownHeaders.find(name);
        return known != null && known.isList();
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
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            // A line break in a value would let a caller inject headers into the encoding.
            throw new IllegalArgumentException("header value contains a line break");
        }
        return value;
    }

    /**
     * Whether a line is of the header looked up as {@code name}. Lines of known headers carry the
     * table's own canonical string, so they compare by identity; an unknown name can only match an
     * unknown one, in any case.
     */
    private static boolean matches(Entry entry, KnownHeader known, String name) {
        return known != null ? entry.name() == known.name() : entry.name().equalsIgnoreCase(name);
    }

    /** Appends a header line. */
    public SipHeaders add(String name, String value) {
        entries.add(new Entry(checkedName(name), checkedValue(value)));
        return this;
    }

    /**
     * Appends a line already known to be valid: its name canonical (a parsed name or the name of
     * another message's line) and its value free of line breaks.
     */
    void addValid(Entry entry) {
        entries.add(entry);
    }

    /** Inserts a line before the first line of that name, or at the top when there is none. */
    public SipHeaders addFirst(String name, String value) {
        String canonical = checkedName(name);
        Entry entry = new Entry(canonical, checkedValue(value));
        int index = indexOf(KnownHeaders.find(canonical), canonical);
        entries.add(Math.max(index, 0), entry);
        return this;
    }

    /** Replaces every line of that name with one, at the place of the first (or appended). */
    public SipHeaders set(String name, String value) {
        String canonical = checkedName(name);
        Entry entry = new Entry(canonical, checkedValue(value));
        KnownHeader known = KnownHeaders.find(canonical);
        int index = indexOf(known, canonical);
        if (index < 0) {
            entries.add(entry);
            return this;
        }
        entries.set(index, entry);
        for (int i = entries.size() - 1; i > index; i--) {
            if (matches(entries.get(i), known, canonical)) {
                entries.remove(i);
            }
        }
        return this;
    }

    /** Removes every line of that name. */
    public SipHeaders remove(String name) {
        KnownHeader known = KnownHeaders.find(name);
        entries.removeIf(e -> matches(e, known, name));
        return this;
    }

    /**
     * Removes the first comma-separated value of a header (the top Via, the top Route), dropping the
     * line if nothing remains; false when there is no such header.
     */
    public boolean removeFirstValue(String name) {
        KnownHeader known = KnownHeaders.find(name);
        int index = indexOf(known, name);
        if (index < 0) {
            return false;
        }
        String line = entries.get(index).value();
        if (line.indexOf(',') < 0) {
            entries.remove(index);
            return true;
        }
        List<String> values = SipSyntax.splitList(line, false);
        if (values.size() <= 1) {
            entries.remove(index);
        } else {
            String canonical = known != null ? known.name() : name;
            entries.set(index, new Entry(canonical, String.join(", ", values.subList(1, values.size()))));
        }
        return true;
    }

    /**
     * Replaces the first comma-separated value of the first line of a header (the top Via), keeping
     * the rest of that line as written and every other line; false when there is no such header.
     * As for {@link #removeFirstValue}, the line is read as a list whatever the header; empty
     * elements before the first value are skipped, and a line without any value is replaced whole.
     */
    public boolean replaceFirstValue(String name, String value) {
        checkedValue(value);
        int index = indexOf(KnownHeaders.find(name), name);
        if (index < 0) {
            return false;
        }
        Entry entry = entries.get(index);
        entries.set(index, new Entry(entry.name(), withFirstElement(entry.value(), value)));
        return true;
    }

    /** {@code line} with its first non-empty list element replaced, the white space around it kept. */
    private static String withFirstElement(String line, String value) {
        int n = line.length();
        int start = 0;
        while (true) {
            int end = SipSyntax.endOfListElement(line, start);
            int first = start;
            while (first < end && Character.isWhitespace(line.charAt(first))) {
                first++;
            }
            int last = end;
            while (last > first && Character.isWhitespace(line.charAt(last - 1))) {
                last--;
            }
            if (first < last) {
                return first == 0 && last == n ? value : line.substring(0, first) + value + line.substring(last);
            }
            if (end == n) {
                return value;
            }
            start = end + 1;
        }
    }

    /**
     * The first value: for list headers the first comma-separated element, else the first line's
     * whole value; null when absent.
     */
    public String first(String name) {
        return first(KnownHeaders.find(name), name);
    }

    String first(KnownHeader known) {
        return first(known, known.name());
    }

    private String first(KnownHeader known, String name) {
        boolean list = known != null && known.isList();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (matches(e, known, name)) {
                if (!list) {
                    return e.value();
                }
                String value = SipSyntax.firstListElement(e.value());
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }

    /** Every value: list headers split on commas (empty elements dropped), others one per line. */
    public List<String> all(String name) {
        return all(KnownHeaders.find(name), name);
    }

    List<String> all(KnownHeader known) {
        return all(known, known.name());
    }

    private List<String> all(KnownHeader known, String name) {
        boolean list = known != null && known.isList();
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (matches(e, known, name)) {
                if (list) {
                    SipSyntax.addListElements(e.value(), false, values);
                } else {
                    values.add(e.value());
                }
            }
        }
        return values;
    }

    /** The raw values of every line of that name, in order. */
    public List<String> lines(String name) {
        return lines(KnownHeaders.find(name), name);
    }

    List<String> lines(KnownHeader known) {
        return lines(known, known.name());
    }

    private List<String> lines(KnownHeader known, String name) {
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (matches(e, known, name)) {
                values.add(e.value());
            }
        }
        return values;
    }

    /** The number of lines of that header. */
    int count(KnownHeader known) {
        int count = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).name() == known.name()) {
                count++;
            }
        }
        return count;
    }

    public boolean contains(String name) {
        return indexOf(KnownHeaders.find(name), name) >= 0;
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

    /** The line at {@code index}, for loops that need no iterator. */
    Entry get(int index) {
        return entries.get(index);
    }

    private int indexOf(KnownHeader known, String name) {
        for (int i = 0; i < entries.size(); i++) {
            if (matches(entries.get(i), known, name)) {
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
