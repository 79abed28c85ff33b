package io.telcred.common;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out one instance for equal texts that many long-lived objects repeat (an account's id in
 * each of its logins, a phone model's User-Agent in each binding), so that a million of them hold
 * one copy. Up to {@code capacity} distinct texts are kept; past that a text is returned as it is,
 * so an attacker sending endless distinct values grows nothing.
 */
public final class SharedStrings {

    private final ConcurrentHashMap<String, String> pool = new ConcurrentHashMap<>();
    private final int capacity;

    public SharedStrings(int capacity) {
        this.capacity = capacity;
    }

    /** The kept instance equal to {@code text}, or {@code text} itself; null for null. */
    public String share(String text) {
        if (text == null) {
            return null;
        }
        String kept = pool.get(text);
        if (kept != null) {
            return kept;
        }
        if (pool.size() >= capacity) {
            return text;
        }
        kept = pool.putIfAbsent(text, text);
        return kept != null ? kept : text;
    }
}
