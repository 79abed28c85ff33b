package io.telcred.common;

import java.util.List;
import java.util.function.Function;

/** One page of a list, with the total that the client's pagination needs. */
public record Page<T>(List<T> items, PageRequest request, long totalResults) {

    public Page {
        items = List.copyOf(items);
    }

    /** The requested page of {@code all}, in its order. */
    public static <T> Page<T> slice(List<T> all, PageRequest request) {
        int from = (int) Math.min(request.offset(), all.size());
        int to = (int) Math.min(request.offset() + request.size(), all.size());
        return new Page<>(all.subList(from, to), request, all.size());
    }

    /** Zero for an empty list, so that a client that pages until {@code number >= totalPages} stops. */
    public long totalPages() {
        return (totalResults + request.size() - 1) / request.size();
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), request, totalResults);
    }
}
