import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load client of bench/webhook-bench.sh, on the JDK alone: a webhook receiver on 127.0.0.1 that
 * verifies every signature with the published Ed25519 key, and SIP phones (UDP, digest) whose
 * REGISTERs make credential.registered / credential.unregistered webhooks.
 *
 *   java bench/WebhookLoad.java BASE_URL API_KEY SIP_UDP_PORT BATCH RUNS LATENCY_SAMPLES
 *
 * Throughput: the receiver holds its answers while BATCH registrations (or, every other run,
 * unregistrations) fill the outbox; once every event is in it, the receiver answers at once and
 * the time until the last of the batch arrives gives deliveries per second. Delay: one REGISTER
 * (and unREGISTER) at a time, from sending the authenticated request to its webhook's arrival.
 * Prints lines "throughput RUN N SECONDS PER_SECOND" and "delay RUN KIND P50_MS P99_MS", then
 * "verified OK FAILED".
 */
public final class WebhookLoad {

    private static final String DOMAIN = "sip.telcred.local";
    private static final Pattern PARAM = Pattern.compile("([a-zA-Z-]+)=(\"([^\"]*)\"|[^,\\s]+)");
    private static final Pattern EVENT_TYPE = Pattern.compile("\"event_type\":\"([^\"]+)\"");
    private static final Pattern USER = Pattern.compile("\"sip_username\":\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String baseUrl;
    private static String apiKey;
    private static int sipPort;
    private static PublicKey publicKey;
    private static volatile CountDownLatch hold = new CountDownLatch(0);
    private static final AtomicInteger arrived = new AtomicInteger();
    private static final AtomicInteger verified = new AtomicInteger();
    private static final AtomicInteger unverified = new AtomicInteger();
    private static final Map<String, Long> arrivalNanos = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        baseUrl = args[0];
        apiKey = args[1];
        sipPort = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        int runs = Integer.parseInt(args[4]);
        int samples = Integer.parseInt(args[5]);
        publicKey = publicKey(field(get("/.well-known/telcred/webhook-signing-key"), "public_key"));
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/", WebhookLoad::receive);
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
        String connection = field(post("/v2/credential_connections", "{\"user_name\":\"bench" + random(10)
                + "\",\"password\":\"" + random(20) + "\",\"connection_name\":\"webhook bench\",\"webhook_event_url\":\""
                + url + "\",\"webhook_timeout_secs\":30}"), "id");
        List<String[]> loadCredentials = credentials(connection, batch);
        List<String[]> delayCredentials = credentials(connection, Math.max(1, samples / 2));
        System.err.println("webhook-load: " + batch + " + " + delayCredentials.size() + " credentials under connection "
                + connection + "; receiver at " + url);

        for (int run = 0; run <= runs; run++) {
            boolean register = run % 2 == 0;
            hold = new CountDownLatch(1);
            int before = arrived.get();
            long pendingBefore = pending();
            inParallel(loadCredentials, c -> sipRegister(c, register ? 600 : 0));
            waitFor(() -> pending() >= pendingBefore + batch, 120_000, "the batch's events in the outbox");
            long start = System.nanoTime();
            hold.countDown();
            waitFor(() -> arrived.get() >= before + batch, 300_000, "the batch's webhooks");
            double seconds = (System.nanoTime() - start) / 1e9;
            // Run 0 warms the JIT up and is not reported.
            if (run > 0) {
                System.out.printf("throughput %d %d %.3f %.0f%n", run, batch, seconds, batch / seconds);
            }
            waitFor(() -> pending() == 0, 60_000, "an empty outbox");
        }
        for (int run = 0; run <= runs; run++) {
            List<Double> registered = new ArrayList<>();
            List<Double> unregistered = new ArrayList<>();
            for (String[] credential : delayCredentials) {
                registered.add(delay(credential, 600, "credential.registered"));
                unregistered.add(delay(credential, 0, "credential.unregistered"));
            }
            if (run > 0) {
                System.out.printf("delay %d registered %.2f %.2f%n", run, percentile(registered, 50), percentile(registered, 99));
                System.out.printf("delay %d unregistered %.2f %.2f%n", run, percentile(unregistered, 50),
                        percentile(unregistered, 99));
            }
        }
        System.out.printf("verified %d %d%n", verified.get(), unverified.get());
        receiver.stop(0);
        System.exit(0);
    }

    /** Milliseconds from the authenticated REGISTER leaving to its webhook arriving. */
    private static double delay(String[] credential, int expires, String eventType) throws Exception {
        String key = eventType + "/" + credential[0];
        arrivalNanos.remove(key);
        long sent = sipRegister(credential, expires);
        long end = System.nanoTime() + 10_000_000_000L;
        Long arrival;
        while ((arrival = arrivalNanos.get(key)) == null) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("no " + key + " webhook within 10 s");
            }
            Thread.onSpinWait();
        }
        return (arrival - sent) / 1e6;
    }

    private static void receive(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        byte[] body = exchange.getRequestBody().readAllBytes();
        String timestamp = exchange.getRequestHeaders().getFirst("telnyx-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("telnyx-signature-ed25519");
        (verifies(timestamp, body, signature) ? verified : unverified).incrementAndGet();
        String text = new String(body, StandardCharsets.UTF_8);
        Matcher type = EVENT_TYPE.matcher(text);
        Matcher user = USER.matcher(text);
        if (type.find() && user.find()) {
            arrivalNanos.put(type.group(1) + "/" + user.group(1), now);
        }
        try {
            hold.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
        arrived.incrementAndGet();
    }

    private static boolean verifies(String timestamp, byte[] body, String signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update((timestamp + "|").getBytes(StandardCharsets.UTF_8));
            verifier.update(body);
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (Exception e) {
            return false;
        }
    }

    private static PublicKey publicKey(String raw) throws Exception {
        byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
        byte[] key = Base64.getDecoder().decode(raw);
        byte[] x509 = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, x509, prefix.length, key.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
    }

    // --- SIP: REGISTER, 401, REGISTER with digest (MD5, qop=auth), 200 ---------------------------

    private static final ThreadLocal<DatagramSocket> SOCKETS = ThreadLocal.withInitial(() -> {
        try {
            DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            socket.setSoTimeout(5_000);
            return socket;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    });

    /** Registers (or with expires 0 unregisters) the credential; returns when the authenticated request left. */
    private static long sipRegister(String[] credential, int expires) throws Exception {
        DatagramSocket socket = SOCKETS.get();
        String user = credential[0];
        String callId = UUID.randomUUID().toString();
        String challenge = exchange(socket, register(socket, user, callId, 1, expires, null));
        if (!challenge.startsWith("SIP/2.0 401")) {
            throw new IllegalStateException("expected 401, got " + challenge.lines().findFirst().orElse(""));
        }
        Map<String, String> p = new ConcurrentHashMap<>();
        String header = challenge.lines().filter(l -> l.regionMatches(true, 0, "WWW-Authenticate:", 0, 17)).findFirst().orElseThrow();
        Matcher m = PARAM.matcher(header);
        while (m.find()) {
            p.put(m.group(1).toLowerCase(), m.group(3) != null ? m.group(3) : m.group(2));
        }
        String uri = "sip:" + DOMAIN;
        String cnonce = random(8);
        String ha1 = md5(user + ":" + p.get("realm") + ":" + credential[1]);
        String ha2 = md5("REGISTER:" + uri);
        String response = md5(ha1 + ":" + p.get("nonce") + ":00000001:" + cnonce + ":auth:" + ha2);
        String authorization = "Digest username=\"" + user + "\", realm=\"" + p.get("realm") + "\", nonce=\"" + p.get("nonce")
                + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=MD5, cnonce=\"" + cnonce
                + "\", qop=auth, nc=00000001";
        long sent = System.nanoTime();
        String ok = exchange(socket, register(socket, user, callId, 2, expires, authorization));
        if (!ok.startsWith("SIP/2.0 200")) {
            throw new IllegalStateException("expected 200, got " + ok.lines().findFirst().orElse(""));
        }
        return sent;
    }

    private static String register(DatagramSocket socket, String user, String callId, int cseq, int expires, String auth) {
        int port = socket.getLocalPort();
        return "REGISTER sip:" + DOMAIN + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";rport;branch=z9hG4bK" + random(16) + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + DOMAIN + ">;tag=" + random(8) + "\r\n"
                + "To: <sip:" + user + "@" + DOMAIN + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                // Unregistering says "*": the pool thread that registered, and so the contact's port, may differ.
                + "Contact: " + (expires == 0 ? "*" : "<sip:" + user + "@127.0.0.1:" + port + ">") + "\r\n"
                + "Expires: " + expires + "\r\n"
                + (auth == null ? "" : "Authorization: " + auth + "\r\n")
                + "User-Agent: webhook-bench\r\nContent-Length: 0\r\n\r\n";
    }

    private static String exchange(DatagramSocket socket, String request) throws IOException {
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipPort));
        byte[] buffer = new byte[4096];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            String answer = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            if (!answer.startsWith("SIP/2.0 1")) {
                return answer;
            }
        }
    }

    // --- REST ------------------------------------------------------------------------------------

    private static List<String[]> credentials(String connection, int count) throws Exception {
        List<String[]> made = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            indexes.add(i);
        }
        inParallel(indexes, i -> {
            String body = post("/v2/telephony_credentials", "{\"connection_id\":\"" + connection + "\"}");
            made.add(new String[] {field(body, "sip_username"), field(body, "sip_password")});
            return 0L;
        });
        return made;
    }

    private static long pending() throws Exception {
        String body = get("/v2/webhook_deliveries?filter%5Bstatus%5D=pending&page%5Bsize%5D=1");
        Matcher m = Pattern.compile("\"total_results\":(\\d+)").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no total_results in " + body);
        }
        return Long.parseLong(m.group(1));
    }

    private static String get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    private static String post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.header("Authorization", "Bearer " + apiKey).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    // --- small helpers ---------------------------------------------------------------------------

    interface Task<T> {
        long run(T item) throws Exception;
    }

    private static <T> void inParallel(List<T> items, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> task.run(item)));
            }
            for (Future<Long> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition, long millis, String what) throws Exception {
        long end = System.currentTimeMillis() + millis;
        while (!condition.holds()) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("waited " + millis + " ms for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String random(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder out = new StringBuilder(length);
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
