package io.telcred.portal;

import io.telcred.common.PageRequest;
import io.telcred.credential.CredentialQuery;
import io.telcred.credential.CredentialStatus;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * What the credential list is narrowed to and which page of it is shown, read from the list's query
 * parameters ({@code ?name=&tag=&status=&page=}). Its query string is always rebuilt from these
 * fields, so a form that carries it back cannot lead the browser anywhere else.
 *
 * @param name   a part of the name or SIP user name, in any case, or null
 * @param tag    exact tag, or null
 * @param status null for every status
 * @param page   the page number, from 1
 */
record CredentialSearch(String name, String tag, CredentialStatus status, int page) {

    static final int PAGE_SIZE = 20;
    /** The first page of every credential. */
    static final CredentialSearch ALL = new CredentialSearch(null, null, null, 1);

    /** Reads the search from named parameters; what is missing or unreadable is left out. */
    static CredentialSearch from(Function<String, String> parameter) {
        return new CredentialSearch(blankToNull(parameter.apply("name")), blankToNull(parameter.apply("tag")),
                CredentialStatus.parse(parameter.apply("status")), pageNumber(parameter.apply("page")));
    }

    /** Reads the search from a query string such as {@code name=a&page=2}, as a form carried it back. */
    static CredentialSearch parse(String queryString) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : (queryString == null ? "" : queryString).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.putIfAbsent(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
            }
        }
        return from(parameters::get);
    }

    boolean filtered() {
        return name != null || tag != null || status != null;
    }

    CredentialQuery query(long connectionId) {
        return new CredentialQuery(tag, null, status, connectionId, null, name);
    }

    PageRequest pageRequest() {
        return new PageRequest(page, PAGE_SIZE);
    }

    CredentialSearch onPage(int number) {
        return new CredentialSearch(name, tag, status, number);
    }

    /** The status select's value: a status's wire name, or {@code all}. */
    String statusValue() {
        return status == null ? "all" : status.wireName();
    }

    /** {@code ?name=…&page=2}, or "" for the plain first page. */
    String queryString() {
        String parameters = parameters();
        return parameters.isEmpty() ? "" : "?" + parameters;
    }

    /** {@code name=…&page=2}, as {@link #parse} reads it back. */
    String parameters() {
        StringJoiner query = new StringJoiner("&");
        add(query, "name", name);
        add(query, "tag", tag);
        add(query, "status", status == null ? null : status.wireName());
        add(query, "page", page == 1 ? null : Integer.toString(page));
        return query.toString();
    }

    private static void add(StringJoiner query, String key, String value) {
        if (value != null) {
            query.add(key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static int pageNumber(String text) {
        try {
            return text == null ? 1 : Math.max(1, Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
