package io.telcred.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser of the portal without a screen: it keeps cookies, follows no redirect by itself, and
 * sends forms with the CSRF token of the last page it read, as a page's own form would.
 */
public final class PortalClient {

    private static final Pattern PAGE_CSRF = Pattern.compile("data-csrf=\"([^\"]*)\"");
    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");

    private final String baseUrl;
    private final HttpClient http;
    private String csrf = "";

    public PortalClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Signs in through the sign-in form; fails the test when that does not end on a page of the portal. */
    public PortalClient signIn(String email, String password) {
        Page form = get("/login");
        Page answer = postForm("/login", Map.of("_csrf", form.formToken(), "email", email, "password", password));
        if (answer.status() != 302) {
            throw new AssertionError("sign-in refused: " + answer.status() + " " + answer.body());
        }
        // A page of the portal, for the token its forms carry.
        Page page = get("/users");
        if (page.status() != 200) {
            throw new AssertionError("signed in, but the portal answers " + page.status());
        }
        return this;
    }

    public Page get(String path) {
        return remember(send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET()));
    }

    /** Posts a form with this page's CSRF token (unless {@code fields} brings its own {@code _csrf}). */
    public Page post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("_csrf", csrf);
        all.putAll(fields);
        return postForm(path, all);
    }

    /** Posts exactly these fields: no token is added. */
    public Page postForm(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return remember(send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    /** A script's request: JSON with the page's token in the X-CSRF-Token header. */
    public Page postJson(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * Opens an event stream as a page's EventSource does, with this browser's cookies; its body is
     * read as it arrives, and closing it ends the stream.
     */
    public HttpResponse<InputStream> events(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", "text/event-stream")
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The token of the last page read, as its forms carry it. */
    public String csrf() {
        return csrf;
    }

    private Page remember(Page page) {
        Matcher matcher = PAGE_CSRF.matcher(page.body());
        if (matcher.find() && !matcher.group(1).isEmpty()) {
            csrf = matcher.group(1);
        }
        return page;
    }

    private Page send(HttpRequest.Builder request) {
        try {
            // As a browser asks for a page.
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(15))
                            .setHeader("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Page(int status, String body, HttpResponse<String> raw) {

        public String location() {
            return raw.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location: " + status));
        }

        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        /** The token of the page's first form. */
        public String formToken() {
            Matcher matcher = FORM_TOKEN.matcher(body);
            if (!matcher.find()) {
                throw new AssertionError("no form token on the page: " + body);
            }
            return matcher.group(1);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
