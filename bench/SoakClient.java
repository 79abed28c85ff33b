import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The REST and WebRTC load of bench/soak.sh: token mints ({@code POST /v2/telephony_credentials/{id}/token})
 * at a steady rate, over the credentials in turn, and WebRTC logins ({@code /rtc}) with some of those
 * tokens: login, {@code telnyx_rtc.clientReady}, {@code telnyx_rtc.gatewayState} = REGED, then a close
 * (every other one a reset), as a browser that comes and goes. The JDK's own HTTP and WebSocket clients; open loop: a server that
 * falls behind does not slow the load down, its requests pile up to {@code MAX_IN_FLIGHT} and the next
 * ones count as failures ({@code backlog}).
 *
 * <p>Run as a single-file source program:
 * {@code java bench/SoakClient.java BASE_URL API_KEY USERS.csv MINTS_PER_S LOGINS_PER_S SECONDS STATUS_FILE},
 * where USERS.csv is bench/CreateCredentials.java's output (the credential id is its third field).
 * Rewrites STATUS_FILE every second with one line of running totals, {@code mints=N mint_failures=N
 * logins=N login_failures=N stalls=N longest_stall_ms=N} (stalls: this process left without a core for a
 * second or more), which the script reads once a minute; prints the first failures of each
 * kind on stderr and the totals by kind on stdout at the end. Exits non-zero when anything failed.
 */
public final class SoakClient {

    private static final int MAX_IN_FLIGHT = 256;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int FAILURES_PRINTED_PER_KIND = 5;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String baseUrl;
    private final String apiKey;
    private final List<String> credentialIds;
    private final HttpClient http;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicLong mints = new AtomicLong();
    private final AtomicLong logins = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final AtomicInteger nextCredential = new AtomicInteger();
    private final AtomicLong stalls = new AtomicLong();
    private final AtomicLong longestStallMillis = new AtomicLong();

    private SoakClient(String baseUrl, String apiKey, List<String> credentialIds) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.credentialIds = credentialIds;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
                .executor(Executors.newFixedThreadPool(2)).build();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: SoakClient BASE_URL API_KEY USERS.csv MINTS_PER_S LOGINS_PER_S SECONDS STATUS_FILE");
            System.exit(2);
        }
        List<String> ids = Files.readAllLines(Path.of(args[2]), StandardCharsets.US_ASCII).stream()
                .filter(line -> line.split(";").length >= 3).map(line -> line.split(";")[2]).toList();
        double mintsPerSecond = Double.parseDouble(args[3]);
        double loginsPerSecond = Double.parseDouble(args[4]);
        if (ids.isEmpty() || mintsPerSecond <= 0 || loginsPerSecond < 0 || loginsPerSecond > mintsPerSecond) {
            throw new IllegalArgumentException("needs credential ids in " + args[2]
                    + ", a positive mint rate, and a login rate from 0 to the mint rate (each login uses a minted token)");
        }
        SoakClient client = new SoakClient(args[0], args[1], ids);
        boolean clean = client.run(mintsPerSecond, loginsPerSecond, Long.parseLong(args[5]), Path.of(args[6]));
        System.exit(clean ? 0 : 1);
    }

    private boolean run(double mintsPerSecond, double loginsPerSecond, long seconds, Path statusFile) throws Exception {
        ExecutorService statusWriter = Executors.newSingleThreadExecutor();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long nextStatus = start;
        double loginShare = loginsPerSecond / mintsPerSecond;
        double loginCredit = 0;
        long lastWake = start;
        // Mint i is due at start + i / rate: the schedule does not drift when one send is late.
        for (long i = 0; ; i++) {
            long due = start + (long) (i * 1e9 / mintsPerSecond);
            if (due >= end) {
                break;
            }
            while (System.nanoTime() < due) {
                if (System.nanoTime() >= nextStatus) {
                    statusWriter.submit(() -> writeStatus(statusFile));
                    nextStatus += TimeUnit.SECONDS.toNanos(1);
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(due - System.nanoTime(), 1_000_000));
                noteStall(System.nanoTime() - lastWake);
                lastWake = System.nanoTime();
            }
            loginCredit += loginShare;
            boolean login = loginCredit >= 1;
            if (login) {
                loginCredit -= 1;
            }
            if (!inFlight.tryAcquire()) {
                fail("backlog", MAX_IN_FLIGHT + " requests in flight");
                continue;
            }
            mint(login).whenComplete((ignored, error) -> inFlight.release());
        }
        if (!inFlight.tryAcquire(MAX_IN_FLIGHT, TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS)) {
            fail("unfinished", "requests still in flight at the end");
        }
        statusWriter.submit(() -> writeStatus(statusFile)).get();
        statusWriter.shutdown();
        System.out.println("totals " + status());
        failures.forEach((kind, count) -> System.out.println("failures " + kind + " " + count.get()));
        return failures.isEmpty();
    }

    /** One token mint, and with {@code login} a WebRTC login with that token. */
    private CompletableFuture<Void> mint(boolean login) {
        String id = credentialIds.get(Math.floorMod(nextCredential.getAndIncrement(), credentialIds.size()));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v2/telephony_credentials/" + id + "/token"))
                .timeout(TIMEOUT).header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error != null) {
                fail("mint_error", error.toString());
                return null;
            }
            String token = response.body().trim();
            if (response.statusCode() != 201 || token.split("\\.").length != 3) {
                fail("mint_" + response.statusCode(), response.body());
                return null;
            }
            mints.incrementAndGet();
            return token;
        }).thenCompose(token -> token != null && login ? login(token) : CompletableFuture.completedFuture(null));
    }

    private CompletableFuture<Void> login(String token) {
        RtcLogin listener = new RtcLogin(token);
        URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/rtc");
        // Every other browser closes politely, the others vanish (a reset), so that both ends of a session are run.
        boolean polite = logins.get() % 2 == 0;
        return http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, listener)
                .thenCompose(socket -> listener.done.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                        .whenComplete((ignored, error) -> {
                            if (error == null && polite) {
                                listener.close(socket);
                            } else {
                                socket.abort();
                            }
                        }))
                .handle((ignored, error) -> {
                    if (error == null) {
                        logins.incrementAndGet();
                    } else {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        fail("login_" + cause.getClass().getSimpleName(), cause.getMessage() + " (" + listener.stage() + ")");
                    }
                    return null;
                });
    }

    /** A browser's login: the token, then clientReady and the login's result (in either order), then gatewayState. */
    private static final class RtcLogin implements WebSocket.Listener {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final String token;
        private final StringBuilder message = new StringBuilder();
        private boolean loggedIn;
        private boolean clientReady;
        private boolean gatewayAsked;
        /**
         * The last send: the JDK's WebSocket refuses a send while one is pending, and a send's completion may be
         * signalled after the answer to it arrived (seen on a busy machine), so each send waits for the one before.
         */
        private CompletableFuture<WebSocket> sent;

        RtcLogin(String token) {
            this.token = token;
        }

        @Override
        public void onOpen(WebSocket socket) {
            sent = CompletableFuture.completedFuture(socket);
            send("{\"jsonrpc\":\"2.0\",\"id\":\"login\",\"method\":\"login\",\"params\":{\"login_token\":\"" + token + "\"}}");
            socket.request(1);
        }

        private synchronized void send(String text) {
            sent = sent.thenCompose(socket -> socket.sendText(text, true));
            sent.exceptionally(error -> {
                done.completeExceptionally(error);
                return null;
            });
        }

        synchronized void close(WebSocket socket) {
            sent.thenCompose(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "bye")).exceptionally(error -> {
                socket.abort();
                return null;
            });
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                onMessage(socket, message.toString());
                message.setLength(0);
            }
            socket.request(1);
            return null;
        }

        private void onMessage(WebSocket socket, String text) {
            if (text.contains("\"error\"")) {
                done.completeExceptionally(new IOException("error answer: " + text));
            } else if (text.contains("telnyx_rtc.clientReady")) {
                clientReady = true;
            } else if (text.contains("\"id\":\"login\"") && text.contains("\"sessid\"")) {
                loggedIn = true;
            } else if (text.contains("\"id\":\"gateway\"")) {
                if (text.contains("\"state\":\"REGED\"")) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(new IOException("gateway state: " + text));
                }
            }
            if (loggedIn && clientReady && !gatewayAsked) {
                gatewayAsked = true;
                send("{\"jsonrpc\":\"2.0\",\"id\":\"gateway\",\"method\":\"telnyx_rtc.gatewayState\",\"params\":{}}");
            }
        }

        /** How far the login got, for a failure's message. */
        String stage() {
            return "logged in " + loggedIn + ", clientReady " + clientReady + ", gatewayState asked " + gatewayAsked;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            done.completeExceptionally(new IOException("closed by the server: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            done.completeExceptionally(error);
        }
    }

    /**
     * This loop sleeps a millisecond at most: a longer gap is the whole process left without a core (seen: SIPp,
     * this client and the server all stalled for 5 s at once on a busy machine), which tells the machine's stalls
     * from the server's.
     */
    private void noteStall(long gapNanos) {
        if (gapNanos >= STALL_NANOS) {
            stalls.incrementAndGet();
            longestStallMillis.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(gapNanos), Math::max);
        }
    }

    private void fail(String kind, String detail) {
        long count = failures.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        if (count <= FAILURES_PRINTED_PER_KIND) {
            System.err.println("failure " + kind + ": " + (detail.length() > 200 ? detail.substring(0, 200) : detail));
        }
    }

    private String status() {
        long mintFailures = failures.entrySet().stream().filter(e -> !e.getKey().startsWith("login_"))
                .mapToLong(e -> e.getValue().get()).sum();
        long loginFailures = failures.entrySet().stream().filter(e -> e.getKey().startsWith("login_"))
                .mapToLong(e -> e.getValue().get()).sum();
        return "mints=" + mints.get() + " mint_failures=" + mintFailures + " logins=" + logins.get()
                + " login_failures=" + loginFailures + " stalls=" + stalls.get() + " longest_stall_ms=" + longestStallMillis.get();
    }

    /** Written aside and renamed, so that the script never reads half a line. */
    private void writeStatus(Path statusFile) {
        try {
            Path partial = statusFile.resolveSibling(statusFile.getFileName() + ".partial");
            Files.writeString(partial, status() + "\n");
            Files.move(partial, statusFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("cannot write " + statusFile + ": " + e);
        }
    }
}
