package io.telcred.store;

import io.telcred.common.Page;
import io.telcred.common.PageRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * A WHERE clause built from the filters a listing has, with every value bound as a parameter
 * (never spliced into the SQL), and the count-plus-page query pair that listings share.
 */
final class Filters {

    static final String WHERE = "{where}";

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> values = new LinkedHashMap<>();

    Filters where(String condition) {
        conditions.add(condition);
        return this;
    }

    Filters where(String condition, String name, Object value) {
        conditions.add(condition);
        values.put(name, value);
        return this;
    }

    /**
     * A LIKE pattern for values containing {@code text}, in lower case, its own % and _ taken
     * literally: for a condition with {@code ESCAPE '!'} (a backslash would be Jdbi's own escape).
     */
    static String containing(String text) {
        return "%" + text.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    String clause() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /**
     * Counts the rows of {@code from} that pass, then reads one page of them in {@code orderBy}
     * order. A page past the end reads nothing. The conditions go where {@code from} says
     * {@value #WHERE} (inside a sub-query), or else after it.
     */
    <T> Page<T> page(Handle handle, String select, String from, String orderBy, PageRequest page, RowMapper<T> mapper) {
        String filtered = from.contains(WHERE) ? from.replace(WHERE, clause()) : from + clause();
        Query count = handle.createQuery("SELECT COUNT(*) FROM " + filtered);
        values.forEach(count::bind);
        long total = count.mapTo(Long.class).one();
        if (page.offset() >= total) {
            return new Page<>(List.of(), page, total);
        }
        Query rows = handle.createQuery(select + " FROM " + filtered + " ORDER BY " + orderBy
                + " LIMIT :limit OFFSET :offset");
        values.forEach(rows::bind);
        List<T> items = rows.bind("limit", page.size()).bind("offset", page.offset()).map(mapper).list();
        return new Page<>(items, page, total);
    }
}
