package io.telcred.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A backend that receives webhooks on 127.0.0.1 and remembers each request; it answers as told. */
public final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Function<Received, Integer> answer = r -> 200;
    private volatile boolean hold;
    private volatile String location;

    private WebhookReceiver(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public static WebhookReceiver start() {
        return new WebhookReceiver(0);
    }

    /** On a given port: a receiver started again where a stopped one was. */
    public static WebhookReceiver startOn(int port) {
        return new WebhookReceiver(port);
    }

    public WebhookReceiver answering(int status) {
        answer = r -> status;
        return this;
    }

    /** Answers 302 to {@code target}. */
    public WebhookReceiver redirectingTo(String target) {
        location = target;
        answer = r -> 302;
        return this;
    }

    /** Takes requests in and answers none until {@link #release()}: a receiver that hangs. */
    public WebhookReceiver hanging() {
        hold = true;
        return this;
    }

    public void release() {
        release.countDown();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/hooks";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until at least {@code count} requests came in; false if they did not within {@code within}. */
    public boolean awaitCount(int count, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        while (received.size() < count) {
            if (System.nanoTime() > end) {
                return false;
            }
            sleep(10);
        }
        return true;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                values.get(0)));
        Received request = new Received(exchange.getRequestURI().getPath(), headers, body, System.nanoTime());
        received.add(request);
        if (hold) {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
        }
        exchange.sendResponseHeaders(answer.apply(request), -1);
        exchange.close();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One request as it came in. */
    public record Received(String path, Map<String, String> headers, byte[] body, long receivedNanos) {

        public String bodyText() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
