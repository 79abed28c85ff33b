package io.telcred.http;

import io.telcred.common.Ids;
import io.telcred.common.LogContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Around every HTTP request (not a WebSocket, which is upgraded before it): gives it an id, in the
 * log context of the thread that handles it and in the {@code X-Request-Id} answer header, and
 * counts it while it is handled, so that a graceful stop can wait for the requests in flight.
 * An id the client (or a proxy in front) sent is kept when it is a plain token, so that one
 * request can be followed through both logs.
 */
final class RequestTracking implements Filter {

    static final String HEADER = "X-Request-Id";
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final AtomicInteger inFlight = new AtomicInteger();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = id(((HttpServletRequest) request).getHeader(HEADER));
        ((HttpServletResponse) response).setHeader(HEADER, id);
        inFlight.incrementAndGet();
        try (LogContext.Scope scope = LogContext.with(LogContext.REQUEST_ID, id)) {
            chain.doFilter(request, response);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Requests being handled now. */
    int inFlight() {
        return inFlight.get();
    }

    private static String id(String sent) {
        return sent != null && PLAIN_ID.matcher(sent).matches() ? sent : Ids.uuid();
    }
}
