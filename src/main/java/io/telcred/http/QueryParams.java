package io.telcred.http;

import io.javalin.http.Context;
import io.telcred.common.PageRequest;
import io.telcred.validation.Printable;

/**
 * Reads bracketed query parameters ({@code page[number]}, {@code filter[tag]}). The server decodes
 * percent-encoded names, so {@code filter%5Btag%5D} arrives as {@code filter[tag]}.
 */
final class QueryParams {

    static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAX_FILTER_LENGTH = 255;

    private QueryParams() {
    }

    static PageRequest page(Context ctx, int maxPageSize) {
        int number = positive(ctx, "page[number]", 1, Integer.MAX_VALUE);
        int size = positive(ctx, "page[size]", DEFAULT_PAGE_SIZE, maxPageSize);
        return new PageRequest(number, size);
    }

    /** The filter's value, or null when absent or empty. */
    static String text(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_FILTER_LENGTH || !Printable.is(value)) {
            throw RequestRefused.badParameter(name, "'" + name + "' must be at most " + MAX_FILTER_LENGTH
                    + " characters without control characters.");
        }
        return value;
    }

    private static int positive(Context ctx, String name, int absent, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return absent;
        }
        long value;
        try {
            value = raw.length() > 10 ? Long.MAX_VALUE : Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw RequestRefused.badParameter(name, "'" + name + "' must be a whole number.");
        }
        if (value < 1 || value > max) {
            throw RequestRefused.badParameter(name, "'" + name + "' must be between 1 and " + max + ".");
        }
        return (int) value;
    }
}
