import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load client of bench/rtc-bench.sh: many Telnyx-RTC sessions over WebSocket from one process,
 * on one thread, with a small NIO client (an RFC 6455 handshake and frame reader/writer of its own;
 * no JSON library: the frames it reads are recognised by their method, id and a few words).
 *
 * <p>Run as a single-file source program ({@code java bench/RtcSessionLoad.java MODE ...}):
 * <ul>
 * <li>{@code fixtures BASE_URL API_KEY CONNECTION_ID CREDENTIALS TOKENS_PER_CREDENTIAL THREADS OUT}: creates the
 *     credentials and mints their login tokens through the REST API; writes {@code credential_id token} lines.</li>
 * <li>{@code verify-rate WARMUP_S SECONDS THREADS,...}: the raw ES256 verification rate of this JDK (the
 *     ceiling for token logins, each of which verifies one signature).</li>
 * <li>{@code run key=value...}: the phases of the bench against a running server (see {@link Run#main}):
 *     warm-up logins, timed login runs, heap with no session, the ramp to N sessions, the idle hold with
 *     pings, heap with N sessions, deactivation-to-punt, and prints {@code RESULT ...} lines.</li>
 * </ul>
 */
public final class RtcSessionLoad {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: RtcSessionLoad fixtures|verify-rate|run ...");
            System.exit(2);
        }
        switch (args[0]) {
            case "fixtures" -> Fixtures.main(Arrays.copyOfRange(args, 1, args.length));
            case "verify-rate" -> VerifyRate.main(Arrays.copyOfRange(args, 1, args.length));
            case "run" -> Run.main(Arrays.copyOfRange(args, 1, args.length));
            default -> {
                System.err.println("unknown mode " + args[0]);
                System.exit(2);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Fixtures: credentials and tokens through the REST API
    // ---------------------------------------------------------------------------------------------
    static final class Fixtures {
        private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

        static void main(String[] args) throws Exception {
            String base = args[0];
            String key = args[1];
            String connectionId = args[2];
            int credentials = Integer.parseInt(args[3]);
            int tokensPer = Integer.parseInt(args[4]);
            int threads = Integer.parseInt(args[5]);
            Path out = Path.of(args[6]);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newFixedThreadPool(2)).build();
            String[] ids = new String[credentials];
            String[][] tokens = new String[credentials][tokensPer];
            AtomicInteger errors = new AtomicInteger();
            long t0 = System.nanoTime();
            parallel(threads, credentials, i -> {
                HttpResponse<String> r = post(client, base + "/v2/telephony_credentials", key,
                        "{\"connection_id\":\"" + connectionId + "\"}");
                Matcher m = ID.matcher(r.body());
                if (r.statusCode() == 201 && m.find()) {
                    ids[i] = m.group(1);
                } else if (errors.incrementAndGet() <= 5) {
                    System.err.println("create: HTTP " + r.statusCode() + " " + r.body());
                }
            });
            long t1 = System.nanoTime();
            parallel(threads, credentials * tokensPer, n -> {
                int i = n / tokensPer;
                if (ids[i] == null) {
                    return;
                }
                HttpResponse<String> r = post(client, base + "/v2/telephony_credentials/" + ids[i] + "/token", key, "");
                if (r.statusCode() == 201 && r.body().split("\\.").length == 3) {
                    tokens[i][n % tokensPer] = r.body().trim();
                } else if (errors.incrementAndGet() <= 5) {
                    System.err.println("mint: HTTP " + r.statusCode() + " " + r.body());
                }
            });
            long t2 = System.nanoTime();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < credentials; i++) {
                for (int t = 0; t < tokensPer; t++) {
                    sb.append(ids[i]).append(' ').append(tokens[i][t]).append('\n');
                }
            }
            Files.writeString(out, sb);
            System.out.printf("fixtures credentials=%d tokens=%d create_per_s=%.0f mint_per_s=%.0f errors=%d%n",
                    credentials, credentials * tokensPer, credentials / ((t1 - t0) / 1e9),
                    credentials * tokensPer / ((t2 - t1) / 1e9), errors.get());
            System.exit(errors.get() == 0 ? 0 : 1);
        }

        interface Task {
            void run(int i) throws Exception;
        }

        static void parallel(int threads, int count, Task task) throws Exception {
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                all.add(CompletableFuture.runAsync(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        try {
                            task.run(i);
                        } catch (Exception e) {
                            try {
                                task.run(i);   // one retry for a transport error
                            } catch (Exception again) {
                                throw new RuntimeException(again);
                            }
                        }
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
            pool.shutdown();
        }

        static HttpResponse<String> post(HttpClient client, String url, String key, String body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key);
            if (!body.isEmpty()) {
                b.header("Content-Type", "application/json");
            }
            return client.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The raw ES256 verification rate
    // ---------------------------------------------------------------------------------------------
    static final class VerifyRate {
        static void main(String[] args) throws Exception {
            double warmup = Double.parseDouble(args[0]);
            double seconds = Double.parseDouble(args[1]);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            byte[] input = new byte[300];   // about a token's header.payload
            ThreadLocalRandom.current().nextBytes(input);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(input);
            byte[] signature = signer.sign();
            measure(pair, input, signature, 2, warmup);
            for (String t : args[2].split(",")) {
                int threads = Integer.parseInt(t.trim());
                long m0 = Run.machineTicks(), c0 = Run.clientCpuNs(), t0 = System.nanoTime();
                double rate = measure(pair, input, signature, threads, seconds);
                long m1 = Run.machineTicks(), c1 = Run.clientCpuNs(), t1 = System.nanoTime();
                double secs = (t1 - t0) / 1e9;
                // Other processes' CPU meanwhile, % of one core (clock ticks of 10 ms assumed, as on Linux).
                double other = Math.max(0, (m1 - m0) / secs - (c1 - c0) / 1e7 / secs);
                System.out.printf("verify threads=%d per_s=%.0f other_cpu_pct=%.0f%n", threads, rate, other);
            }
        }

        static double measure(KeyPair pair, byte[] input, byte[] signature, int threads, double seconds) throws Exception {
            AtomicLong count = new AtomicLong();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        Signature verifier = Signature.getInstance("SHA256withECDSA");
                        long n = 0;
                        while (System.nanoTime() < end) {
                            verifier.initVerify(pair.getPublic());
                            verifier.update(input);
                            if (!verifier.verify(signature)) {
                                throw new IllegalStateException("bad signature");
                            }
                            n++;
                        }
                        count.addAndGet(n);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                thread.start();
                all.add(thread);
            }
            for (Thread thread : all) {
                thread.join();
            }
            return count.get() / seconds;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The bench run
    // ---------------------------------------------------------------------------------------------
    static final class Run {
        // Connection states.
        static final int CONNECTING = 0, HANDSHAKE = 1, LOGIN = 2, GATEWAY = 3, READY = 4, CLOSED = 5;
        static final long LOGIN_TIMEOUT_NS = 30_000_000_000L;
        static final long LATE_PING_NS = 10_000_000_000L;   // the SDKs give up on a ping after 10 s

        final Map<String, String> opts;
        final String host = "127.0.0.1";
        final int port;
        final String baseUrl;
        final String apiKey;
        final String[] credentialOf;     // per token line: credential id
        final String[] tokenOf;          // per token line: the token
        final int tokensPerCredential;
        final int perCredential;
        final int inflightMax;
        final long serverPid;
        final String jcmd;
        final Path outDir;
        final int clkTck;
        final Selector selector;
        final ByteBuffer readBuf = ByteBuffer.allocateDirect(256 * 1024);
        final ByteBuffer writeBuf = ByteBuffer.allocateDirect(64 * 1024);
        final HttpClient http;
        final InetSocketAddress target;
        final InetAddress loopback;
        final boolean bindPorts;
        final int portFrom, portTo;
        int portCursor;
        long idSeq;

        // The current ramp: connections started for sessions [rampNext, rampEnd) into rampInto.
        Conn[] rampInto;
        int rampNext, rampEnd, inflight, rampDone, rampFailed;
        long[] loginNs;                  // connect -> clientReady, per completed login of the ramp
        int loginCount;
        final List<Conn> inflightList = new ArrayList<>();
        final Map<String, Integer> failures = new HashMap<>();
        int failurePrints;

        // Held sessions and their pings.
        Conn[] held = new Conn[0];
        int heldCount;
        boolean pinging;
        long pingStart, pingIntervalNs, pingsSent;
        PingStats ping = new PingStats();
        int unexpectedCloses, frameErrors;
        AtomicLongArray puntAt, closedAt;
        volatile boolean[] expectClose;

        Run(Map<String, String> opts) throws Exception {
            this.opts = opts;
            this.port = Integer.parseInt(opts.get("port"));
            this.baseUrl = "http://127.0.0.1:" + port;
            this.apiKey = opts.get("key");
            List<String> lines = Files.readAllLines(Path.of(opts.get("tokens")));
            credentialOf = new String[lines.size()];
            tokenOf = new String[lines.size()];
            for (int i = 0; i < lines.size(); i++) {
                String[] parts = lines.get(i).split(" ");
                credentialOf[i] = parts[0];
                tokenOf[i] = parts[1];
            }
            tokensPerCredential = Integer.parseInt(opts.getOrDefault("tokens_per_credential", "1"));
            perCredential = Integer.parseInt(opts.getOrDefault("per_credential", "100"));
            inflightMax = Integer.parseInt(opts.getOrDefault("inflight", "128"));
            serverPid = Long.parseLong(opts.get("server_pid"));
            jcmd = opts.get("jcmd");
            outDir = Path.of(opts.get("out"));
            clkTck = Integer.parseInt(opts.getOrDefault("clk_tck", "100"));
            selector = Selector.open();
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            loopback = InetAddress.getByName(host);
            target = new InetSocketAddress(loopback, port);
            bindPorts = Boolean.parseBoolean(opts.getOrDefault("bind", "false"));
            portFrom = Integer.parseInt(opts.getOrDefault("port_from", "1025"));
            portTo = Integer.parseInt(opts.getOrDefault("port_to", "65535"));
            portCursor = portFrom;
        }

        static void main(String[] args) throws Exception {
            Map<String, String> opts = new HashMap<>();
            for (String a : args) {
                int eq = a.indexOf('=');
                opts.put(a.substring(0, eq), a.substring(eq + 1));
            }
            new Run(opts).run();
        }

        /** While first-time logins run: the token line of their session 0 (each session has its own token); else -1. */
        int freshBase = -1;

        int sessionsAvailable() {
            // Session i logs in as credential i / perCredential with that credential's token i % tokensPerCredential.
            return credentialOf.length / tokensPerCredential * perCredential;
        }

        int tokenLine(int session) {
            return freshBase >= 0 ? freshBase + session : (session / perCredential) * tokensPerCredential + session % tokensPerCredential;
        }

        void run() throws Exception {
            int sessions = Integer.parseInt(opts.get("sessions"));
            int warmup = Integer.parseInt(opts.getOrDefault("warmup", "5000"));
            int runs = Integer.parseInt(opts.getOrDefault("login_runs", "3"));
            int logins = Integer.parseInt(opts.getOrDefault("logins", "10000"));
            double holdSeconds = Double.parseDouble(opts.getOrDefault("hold", "90"));
            pingIntervalNs = (long) (Double.parseDouble(opts.getOrDefault("ping", "30")) * 1e9);
            int punts = Integer.parseInt(opts.getOrDefault("punts", "20"));
            int puntWarmup = Integer.parseInt(opts.getOrDefault("punt_warmup", "2"));
            if (sessions > sessionsAvailable() || logins > sessionsAvailable() || warmup > sessionsAvailable()) {
                throw new IllegalArgumentException("too few tokens for " + sessions + " sessions");
            }

            // 1. Warm-up logins (the JIT, the server's caches), closed again.
            if (warmup > 0) {
                Conn[] conns = new Conn[warmup];
                RampResult r = ramp(conns, warmup);
                result("warmup", r.line());
                closeAll(conns, warmup);
                settle(2);
            }
            // 2. Timed login runs: connect, upgrade, login with a token, clientReady, gatewayState; then closed.
            for (int run = 1; run <= runs; run++) {
                Conn[] conns = new Conn[logins];
                RampResult r = ramp(conns, logins);
                result("login", "run=" + run + " " + r.line());
                closeAll(conns, logins);
                settle(2);
            }
            // 2b. First-time logins: each with a token of its own that the server has not seen, from the tokens after
            // those of the sessions' credentials, so that each login verifies a signature.
            int fresh = Integer.parseInt(opts.getOrDefault("fresh", "0"));
            int sessionTokens = (Math.max(Math.max(sessions, logins), warmup) + perCredential - 1) / perCredential * tokensPerCredential;
            if (fresh > 0 && sessionTokens + runs * fresh > tokenOf.length) {
                throw new IllegalArgumentException("too few tokens for " + runs + " runs of " + fresh + " first-time logins");
            }
            for (int run = 1; fresh > 0 && run <= runs; run++) {
                freshBase = sessionTokens + (run - 1) * fresh;
                Conn[] conns = new Conn[fresh];
                RampResult r = ramp(conns, fresh);
                result("fresh", "run=" + run + " " + r.line());
                closeAll(conns, fresh);
                freshBase = -1;
                settle(2);
            }
            // 3. The heap with no session.
            int regs = awaitRegistrations(0, 20);
            result("heap", "sessions=0 registrations=" + regs + " " + heap("0"));

            // 4. The ramp to N sessions, held.
            held = new Conn[sessions];
            puntAt = new AtomicLongArray(sessions);
            closedAt = new AtomicLongArray(sessions);
            expectClose = new boolean[sessions];
            boolean jfr = Boolean.parseBoolean(opts.getOrDefault("jfr", "false"));
            if (jfr) {
                background(() -> exec(jcmd, String.valueOf(serverPid), "JFR.start", "name=rtc-ramp", "settings=profile",
                        "filename=" + outDir.resolve("ramp.jfr")));
            }
            RampResult ramp = ramp(held, sessions);
            heldCount = sessions;
            if (jfr) {
                background(() -> exec(jcmd, String.valueOf(serverPid), "JFR.stop", "name=rtc-ramp"));
            }
            result("ramp", ramp.line());

            // 5. Idle hold: every session pings every `ping` seconds, spread evenly.
            pinging = true;
            pingStart = System.nanoTime();
            pingsSent = 0;
            ping = new PingStats();
            int closesBefore = unexpectedCloses;
            long serverTicks0 = serverTicks();
            loopFor(holdSeconds);
            long serverTicks1 = serverTicks();
            result("hold", "seconds=" + holdSeconds + " open=" + openHeld() + " " + ping.line()
                    + " closes=" + (unexpectedCloses - closesBefore) + " frame_errors=" + frameErrors
                    + " server_cpu_pct=" + fmt((serverTicks1 - serverTicks0) * 100.0 / clkTck / holdSeconds));

            // 6. The heap with N sessions (pings go on meanwhile).
            ping = new PingStats();
            int regsN = awaitRegistrationsAsync(openHeld(), 20);
            result("heap", "sessions=" + openHeld() + " registrations=" + regsN + " " + heap(String.valueOf(sessions)));
            result("ping_during_heap", ping.line());

            // 7. Deactivation to punt: one credential at a time, its sessions held.
            ping = new PingStats();
            int credentialsHeld = sessions / perCredential;
            int total = Math.min(puntWarmup + punts, credentialsHeld / 2);
            CompletableFuture<Void> driver = CompletableFuture.runAsync(() -> puntAll(total, puntWarmup, sessions));
            loopUntil(driver::isDone, Long.MAX_VALUE);
            driver.join();
            result("ping_during_punts", ping.line());
            result("end", "open=" + openHeld() + " unexpected_closes=" + unexpectedCloses + " frame_errors=" + frameErrors
                    + " failures=" + failures);
            pinging = false;
            closeAll(held, sessions);
            settle(1);
        }

        // ----------------------------------------------------------------------------------------
        // Phases
        // ----------------------------------------------------------------------------------------
        record RampResult(int sessions, int ok, int failed, double seconds, long[] latencies, int count,
                          double serverCpuPct, double clientCpuPct, double otherCpuPct, double serverUsPerLogin,
                          String failures) {
            String line() {
                long[] l = Arrays.copyOf(latencies, count);
                Arrays.sort(l);
                return "sessions=" + sessions + " ok=" + ok + " failed=" + failed + " seconds=" + fmt(seconds)
                        + " per_s=" + fmt(ok / seconds) + " p50_ms=" + fmt(pct(l, 50) / 1e6) + " p99_ms=" + fmt(pct(l, 99) / 1e6)
                        + " max_ms=" + fmt(count == 0 ? 0 : l[count - 1] / 1e6)
                        + " server_cpu_pct=" + fmt(serverCpuPct) + " client_cpu_pct=" + fmt(clientCpuPct)
                        + " other_cpu_pct=" + fmt(otherCpuPct) + " server_us_per_login=" + fmt(serverUsPerLogin)
                        + " failures=" + failures.replace(' ', '_');
            }
        }

        RampResult ramp(Conn[] into, int count) throws IOException {
            rampInto = into;
            rampNext = 0;
            rampEnd = count;
            rampDone = 0;
            rampFailed = 0;
            loginNs = new long[count];
            loginCount = 0;
            failures.clear();
            long s0 = serverTicks(), c0 = clientCpuNs(), m0 = machineTicks();
            long t0 = System.nanoTime();
            loopUntil(() -> rampDone + rampFailed >= rampEnd, Long.MAX_VALUE);
            long t1 = System.nanoTime();
            long s1 = serverTicks(), c1 = clientCpuNs(), m1 = machineTicks();
            rampInto = null;
            double secs = (t1 - t0) / 1e9;
            double server = (s1 - s0) * 100.0 / clkTck / secs;
            double client = (c1 - c0) / 1e7 / secs;
            double machine = (m1 - m0) * 100.0 / clkTck / secs;
            return new RampResult(count, rampDone, rampFailed, secs, loginNs, loginCount, server, client,
                    Math.max(0, machine - server - client),
                    rampDone == 0 ? 0 : (s1 - s0) * 1e6 / clkTck / rampDone, failures.toString());
        }

        void closeAll(Conn[] conns, int count) {
            for (int i = 0; i < count; i++) {
                Conn c = conns[i];
                if (c != null && c.state != CLOSED) {
                    if (closedAt != null && conns == held) {
                        expectClose[i] = true;
                    }
                    abort(c);
                }
                conns[i] = null;
            }
        }

        void settle(double seconds) throws IOException {
            loopFor(seconds);
        }

        void loopFor(double seconds) throws IOException {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            loopUntil(() -> false, end);
        }

        int openHeld() {
            int n = 0;
            for (int i = 0; i < heldCount; i++) {
                if (held[i] != null && held[i].state == READY) {
                    n++;
                }
            }
            return n;
        }

        /** Waits (the event loop running) until GET /v2/registrations counts `expected`, or `seconds` pass. */
        int awaitRegistrations(int expected, int seconds) throws IOException {
            return awaitRegistrationsAsync(expected, seconds);
        }

        int awaitRegistrationsAsync(int expected, int seconds) throws IOException {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            int last = -1;
            while (System.nanoTime() < end) {
                CompletableFuture<Integer> f = CompletableFuture.supplyAsync(this::registrations);
                loopUntil(f::isDone, Long.MAX_VALUE);
                last = f.join();
                if (last == expected) {
                    return last;
                }
                loopFor(0.5);
            }
            return last;
        }

        int registrations() {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v2/registrations?page%5Bsize%5D=1"))
                        .header("Authorization", "Bearer " + apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = Pattern.compile("\"total_results\"\\s*:\\s*(\\d+)").matcher(r.body());
                return m.find() ? Integer.parseInt(m.group(1)) : -1;
            } catch (Exception e) {
                return -1;
            }
        }

        /** Live heap after a full GC (jcmd GC.run, GC.heap_info) and the class histogram, while the loop runs on. */
        String heap(String label) throws IOException {
            CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
                try {
                    exec(jcmd, String.valueOf(serverPid), "GC.run");
                    String info = exec(jcmd, String.valueOf(serverPid), "GC.heap_info");
                    Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
                    String used = m.find() ? m.group(1) : "n/a";
                    String histogram = exec(jcmd, String.valueOf(serverPid), "GC.class_histogram");
                    Path file = outDir.resolve("histogram-" + label + ".txt");
                    Files.writeString(file, histogram);
                    Matcher t = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)").matcher(histogram);
                    String bytes = t.find() ? t.group(2) : "n/a";
                    return "used_kb=" + used + " histogram_bytes=" + bytes + " rss_kb=" + rssKb() + " histogram=" + file;
                } catch (Exception e) {
                    return "error=" + e.toString().replace(' ', '_');
                }
            });
            loopUntil(f::isDone, Long.MAX_VALUE);
            return f.join();
        }

        interface Job {
            String run() throws Exception;
        }

        /** Runs a job on another thread while the event loop goes on. */
        String background(Job job) throws IOException {
            CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
                try {
                    return job.run();
                } catch (Exception e) {
                    return "error=" + e.toString().replace(' ', '_');
                }
            });
            loopUntil(f::isDone, Long.MAX_VALUE);
            return f.join();
        }

        static String exec(String... command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + ": " + out);
            }
            return out;
        }

        /** The punt driver (its own thread): deactivates credentials one at a time and times their sessions' punts. */
        void puntAll(int total, int warm, int sessions) {
            // Only credentials all of whose sessions are held (the last one may have fewer).
            int credentialsHeld = sessions / perCredential;
            for (int k = 0; k < total; k++) {
                int credential = credentialsHeld - 1 - k;
                int from = credential * perCredential;
                int to = Math.min(from + perCredential, sessions);
                String credentialId = credentialOf[tokenLine(from)];
                int open = 0;
                for (int i = from; i < to; i++) {
                    expectClose[i] = true;
                    Conn c = held[i];
                    if (c != null && c.state == READY) {
                        open++;
                    }
                }
                long t0 = System.nanoTime();
                int status;
                try {
                    status = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v2/telephony_credentials/" + credentialId
                                    + "/actions/deactivate")).header("Authorization", "Bearer " + apiKey)
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (Exception e) {
                    status = -1;
                }
                long tHttp = System.nanoTime();
                long deadline = tHttp + 5_000_000_000L;
                while (System.nanoTime() < deadline) {
                    boolean all = true;
                    for (int i = from; i < to && all; i++) {
                        all = closedAt.get(i) != 0;
                    }
                    if (all) {
                        break;
                    }
                    sleepMs(1);
                }
                long firstPunt = Long.MAX_VALUE, lastPunt = 0, lastClose = 0;
                int punted = 0, closed = 0;
                for (int i = from; i < to; i++) {
                    long p = puntAt.get(i), c = closedAt.get(i);
                    if (p != 0) {
                        punted++;
                        firstPunt = Math.min(firstPunt, p);
                        lastPunt = Math.max(lastPunt, p);
                    }
                    if (c != 0) {
                        closed++;
                        lastClose = Math.max(lastClose, c);
                    }
                }
                result("punt", "n=" + (k + 1) + " warmup=" + (k < warm) + " status=" + status + " sessions=" + open
                        + " punted=" + punted + " closed=" + closed + " http_ms=" + fmt((tHttp - t0) / 1e6)
                        + " first_punt_ms=" + (punted == 0 ? "n/a" : fmt((firstPunt - t0) / 1e6))
                        + " last_punt_ms=" + (punted == 0 ? "n/a" : fmt((lastPunt - t0) / 1e6))
                        + " last_close_ms=" + (closed == 0 ? "n/a" : fmt((lastClose - t0) / 1e6)));
                sleepMs(200);
            }
        }

        // ----------------------------------------------------------------------------------------
        // The event loop
        // ----------------------------------------------------------------------------------------
        void loopUntil(BooleanSupplier done, long endNs) throws IOException {
            long lastScan = System.nanoTime();
            while (!done.getAsBoolean() && System.nanoTime() < endNs) {
                startConnects();
                selector.select(pinging || rampInto != null ? 1 : 5);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    Conn c = (Conn) key.attachment();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isConnectable()) {
                            onConnectable(c);
                        } else {
                            if (key.isWritable()) {
                                flush(c);
                            }
                            if (key.isValid() && key.isReadable()) {
                                onReadable(c);
                            }
                        }
                    } catch (IOException e) {
                        onBroken(c, "io:" + e.getClass().getSimpleName());
                    }
                }
                long now = System.nanoTime();
                if (pinging) {
                    sendDuePings(now);
                }
                if (now - lastScan > 1_000_000_000L) {
                    lastScan = now;
                    scanLoginTimeouts(now);
                }
            }
        }

        void startConnects() {
            while (rampInto != null && inflight < inflightMax && rampNext < rampEnd) {
                int index = rampNext++;
                Conn c = new Conn(index, rampInto);
                rampInto[index] = c;
                c.startNs = System.nanoTime();
                inflight++;
                inflightList.add(c);
                try {
                    SocketChannel ch = SocketChannel.open();
                    c.ch = ch;
                    ch.configureBlocking(false);
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    if (bindPorts) {
                        bindNextPort(ch);
                    }
                    if (ch.connect(target)) {
                        c.key = ch.register(selector, SelectionKey.OP_READ, c);
                        onConnected(c);
                    } else {
                        c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
                    }
                } catch (IOException e) {
                    loginFailed(c, "connect:" + e.getMessage());
                }
            }
        }

        void bindNextPort(SocketChannel ch) throws IOException {
            int span = portTo - portFrom + 1;
            for (int tries = 0; tries < span; tries++) {
                int p = portCursor;
                portCursor = portCursor >= portTo ? portFrom : portCursor + 1;
                if (p == port) {
                    continue;
                }
                try {
                    ch.bind(new InetSocketAddress(loopback, p));
                    return;
                } catch (BindException e) {
                    // in use (a listener, another connection, TIME_WAIT): the next one
                }
            }
            throw new IOException("no free local port in " + portFrom + "-" + portTo);
        }

        void onConnectable(Conn c) throws IOException {
            try {
                c.ch.finishConnect();
            } catch (IOException e) {
                loginFailed(c, "connect:" + e.getMessage());
                return;
            }
            c.key.interestOps(SelectionKey.OP_READ);
            onConnected(c);
        }

        void onConnected(Conn c) throws IOException {
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String request = "GET /rtc HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            c.state = HANDSHAKE;
            write(c, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        }

        void onReadable(Conn c) throws IOException {
            readBuf.clear();
            int n = c.ch.read(readBuf);
            if (n < 0) {
                onBroken(c, "eof");
                return;
            }
            if (n == 0) {
                return;
            }
            readBuf.flip();
            ByteBuffer data;
            if (c.acc != null && c.acc.position() > 0) {
                if (c.acc.remaining() < readBuf.remaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate((c.acc.position() + readBuf.remaining()) * 2);
                    c.acc.flip();
                    bigger.put(c.acc);
                    c.acc = bigger;
                }
                c.acc.put(readBuf);
                c.acc.flip();
                data = c.acc;
            } else {
                data = readBuf;
            }
            parse(c, data);
            if (c.state == CLOSED) {
                return;
            }
            if (data == c.acc) {
                c.acc.compact();
            } else if (data.hasRemaining()) {
                c.acc = ByteBuffer.allocate(Math.max(4096, data.remaining() * 2));
                c.acc.put(data);
            }
        }

        void parse(Conn c, ByteBuffer data) throws IOException {
            if (c.state == HANDSHAKE) {
                int end = indexOfHeaderEnd(data);
                if (end < 0) {
                    return;
                }
                byte[] head = new byte[end - data.position()];
                data.get(head);
                String status = new String(head, 0, Math.min(head.length, 32), StandardCharsets.US_ASCII);
                if (!status.startsWith("HTTP/1.1 101")) {
                    loginFailed(c, "handshake:" + status.split("\r\n")[0]);
                    return;
                }
                c.state = LOGIN;
                c.loginId = nextId();
                sendText(c, "{\"jsonrpc\":\"2.0\",\"id\":\"" + c.loginId + "\",\"method\":\"login\",\"params\":{\"login_token\":\""
                        + tokenOf[tokenLine(c.index)] + "\"}}");
            }
            while (c.state != CLOSED && data.remaining() >= 2) {
                int p = data.position();
                int b0 = data.get(p) & 0xff, b1 = data.get(p + 1) & 0xff;
                int op = b0 & 0x0f;
                boolean fin = (b0 & 0x80) != 0;
                long len = b1 & 0x7f;
                int header = 2;
                if (len == 126) {
                    if (data.remaining() < 4) {
                        return;
                    }
                    len = data.getShort(p + 2) & 0xffff;
                    header = 4;
                } else if (len == 127) {
                    if (data.remaining() < 10) {
                        return;
                    }
                    len = data.getLong(p + 2);
                    header = 10;
                }
                if ((b1 & 0x80) != 0) {
                    header += 4;   // a server must not mask; tolerated
                }
                if (data.remaining() < header + len) {
                    return;
                }
                byte[] payload = new byte[(int) len];
                data.position(p + header);
                data.get(payload);
                if (op == 8) {
                    onServerClose(c);
                    return;
                } else if (op == 9) {
                    sendFrame(c, 0xA, payload);
                } else if (op == 1 || op == 0) {
                    String text = new String(payload, StandardCharsets.UTF_8);
                    if (!fin || c.fragment != null) {
                        c.fragment = c.fragment == null ? new StringBuilder(text) : c.fragment.append(text);
                        if (!fin) {
                            continue;
                        }
                        text = c.fragment.toString();
                        c.fragment = null;
                    }
                    onMessage(c, text);
                }
            }
        }

        static int indexOfHeaderEnd(ByteBuffer data) {
            for (int i = data.position(); i + 3 < data.limit(); i++) {
                if (data.get(i) == '\r' && data.get(i + 1) == '\n' && data.get(i + 2) == '\r' && data.get(i + 3) == '\n') {
                    return i + 4;
                }
            }
            return -1;
        }

        void onMessage(Conn c, String text) throws IOException {
            long now = System.nanoTime();
            switch (c.state) {
                case LOGIN -> {
                    if (text.contains("telnyx_rtc.clientReady")) {
                        c.clientReady = true;
                    } else if (text.contains(c.loginId)) {
                        if (text.contains("\"error\"")) {
                            loginFailed(c, "login:" + between(text, "\"message\":\"", "\""));
                            return;
                        }
                        if (!text.contains("\"sessid\"")) {
                            loginFailed(c, "login:no_sessid");
                            return;
                        }
                        c.loggedIn = true;
                    } else {
                        frameErrors++;
                    }
                    if (c.loggedIn && c.clientReady) {
                        // A login is complete: result with sessid and clientReady.
                        if (loginCount < loginNs.length) {
                            loginNs[loginCount++] = now - c.startNs;
                        }
                        c.state = GATEWAY;
                        c.gatewayId = nextId();
                        sendText(c, "{\"jsonrpc\":\"2.0\",\"id\":\"" + c.gatewayId
                                + "\",\"method\":\"telnyx_rtc.gatewayState\",\"params\":{}}");
                    }
                }
                case GATEWAY -> {
                    if (text.contains(c.gatewayId) && text.contains("\"state\":\"REGED\"")) {
                        c.state = READY;
                        inflight--;
                        inflightList.remove(c);
                        rampDone++;
                    } else {
                        loginFailed(c, "gatewayState:" + (text.length() > 80 ? text.substring(0, 80) : text));
                    }
                }
                case READY -> {
                    if (text.contains("\"telnyx_rtc.punt\"")) {
                        if (c.owner == held && puntAt != null) {
                            puntAt.compareAndSet(c.index, 0, now);
                        }
                    } else if (text.contains("\"result\"") && c.pingId != null && text.contains(c.pingId)) {
                        ping.answered(now - c.pingSentNs);
                        c.pingId = null;
                    } else if (text.contains("\"error\"")) {
                        ping.errors++;
                        c.pingId = null;
                    } else {
                        frameErrors++;
                    }
                }
                default -> frameErrors++;
            }
        }

        void sendDuePings(long now) throws IOException {
            if (heldCount == 0) {
                return;
            }
            long due = (now - pingStart) * heldCount / pingIntervalNs;
            int budget = 2_000;   // per loop pass, so that reads are not starved after a stall
            while (pingsSent < due && budget-- > 0) {
                Conn c = held[(int) (pingsSent % heldCount)];
                pingsSent++;
                if (c == null || c.state != READY) {
                    continue;
                }
                if (c.pingId != null) {
                    ping.unanswered++;   // the previous ping had no answer in a whole interval
                }
                c.pingId = nextId();
                c.pingSentNs = now;
                ping.sent++;
                sendText(c, "{\"jsonrpc\":\"2.0\",\"id\":\"" + c.pingId + "\",\"method\":\"telnyx_rtc.ping\",\"params\":{}}");
            }
        }

        void scanLoginTimeouts(long now) {
            for (Conn c : List.copyOf(inflightList)) {
                if (now - c.startNs > LOGIN_TIMEOUT_NS) {
                    loginFailed(c, "timeout_in_state_" + c.state);
                }
            }
        }

        void loginFailed(Conn c, String reason) {
            if (c.state == CLOSED) {
                return;
            }
            failures.merge(reason.length() > 60 ? reason.substring(0, 60) : reason, 1, Integer::sum);
            if (failurePrints++ < 10) {
                System.err.println("session " + c.index + " failed: " + reason);
            }
            inflight--;
            inflightList.remove(c);
            rampFailed++;
            abort(c);
        }

        void onServerClose(Conn c) {
            onBroken(c, "close_frame");
        }

        /** The server closed or the socket broke. */
        void onBroken(Conn c, String how) {
            if (c.state == CLOSED) {
                return;
            }
            if (c.state != READY) {
                loginFailed(c, "closed_during_login:" + how);
                return;
            }
            if (c.owner == held && closedAt != null) {
                closedAt.compareAndSet(c.index, 0, System.nanoTime());
                if (!expectClose[c.index]) {
                    unexpectedCloses++;
                    if (failurePrints++ < 10) {
                        System.err.println("held session " + c.index + " closed: " + how);
                    }
                }
            }
            abort(c);
        }

        /** Closes our end at once (RST, SO_LINGER 0: no TIME_WAIT, so the local ports can be reused at once). */
        void abort(Conn c) {
            c.state = CLOSED;
            try {
                if (c.key != null) {
                    c.key.cancel();
                }
                if (c.ch != null) {
                    if (c.ch.isOpen()) {
                        try {
                            c.ch.setOption(StandardSocketOptions.SO_LINGER, 0);
                        } catch (IOException ignored) {
                            // not connected
                        }
                    }
                    c.ch.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            c.acc = null;
            c.out = null;
        }

        // ----------------------------------------------------------------------------------------
        // Writing frames
        // ----------------------------------------------------------------------------------------
        void sendText(Conn c, String text) throws IOException {
            sendFrame(c, 1, text.getBytes(StandardCharsets.UTF_8));
        }

        void sendFrame(Conn c, int op, byte[] payload) throws IOException {
            writeBuf.clear();
            writeBuf.put((byte) (0x80 | op));
            if (payload.length < 126) {
                writeBuf.put((byte) (0x80 | payload.length));
            } else {
                writeBuf.put((byte) (0x80 | 126));
                writeBuf.putShort((short) payload.length);
            }
            int mask = ThreadLocalRandom.current().nextInt();
            writeBuf.putInt(mask);
            for (int i = 0; i < payload.length; i++) {
                writeBuf.put((byte) (payload[i] ^ (mask >>> (24 - 8 * (i & 3)))));
            }
            writeBuf.flip();
            write(c, writeBuf);
        }

        void write(Conn c, ByteBuffer buf) throws IOException {
            if (c.state == CLOSED) {
                return;
            }
            if (c.out == null || c.out.position() == 0) {
                try {
                    c.ch.write(buf);
                } catch (IOException e) {
                    onBroken(c, "write:" + e.getMessage());
                    return;
                }
                if (!buf.hasRemaining()) {
                    return;
                }
            }
            if (c.out == null) {
                c.out = ByteBuffer.allocate(Math.max(4096, buf.remaining() * 2));
            } else if (c.out.remaining() < buf.remaining()) {
                ByteBuffer bigger = ByteBuffer.allocate((c.out.position() + buf.remaining()) * 2);
                c.out.flip();
                bigger.put(c.out);
                c.out = bigger;
            }
            c.out.put(buf);
            c.key.interestOps(c.key.interestOps() | SelectionKey.OP_WRITE);
        }

        void flush(Conn c) throws IOException {
            if (c.out == null) {
                c.key.interestOps(SelectionKey.OP_READ);
                return;
            }
            c.out.flip();
            c.ch.write(c.out);
            c.out.compact();
            if (c.out.position() == 0) {
                c.key.interestOps(SelectionKey.OP_READ);
            }
        }

        String nextId() {
            long n = ++idSeq;
            // A UUID-shaped id, as the SDKs send.
            return String.format("%08x-%04x-4000-8000-%012x", (int) (n >>> 32), (int) ((n >>> 16) & 0xffff), n & 0xffffffffffffL);
        }

        // ----------------------------------------------------------------------------------------
        // CPU and memory of the server, this process and the machine
        // ----------------------------------------------------------------------------------------
        long serverTicks() {
            try {
                String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (Exception e) {
                return 0;
            }
        }

        long rssKb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + serverPid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (Exception e) {
                // n/a
            }
            return -1;
        }

        static long clientCpuNs() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }

        static long machineTicks() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                        + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            } catch (Exception e) {
                return 0;
            }
        }
    }

    static final class Conn {
        final int index;
        final Conn[] owner;
        SocketChannel ch;
        SelectionKey key;
        int state = Run.CONNECTING;
        long startNs;
        ByteBuffer acc;
        ByteBuffer out;
        StringBuilder fragment;
        String loginId, gatewayId, pingId;
        boolean loggedIn, clientReady;
        long pingSentNs;

        Conn(int index, Conn[] owner) {
            this.index = index;
            this.owner = owner;
        }
    }

    static final class PingStats {
        long sent, answered, unanswered, late, errors;
        long[] latencies = new long[1024];
        int count;

        void answered(long ns) {
            answered++;
            if (ns > Run.LATE_PING_NS) {
                late++;
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = ns;
        }

        String line() {
            long[] l = Arrays.copyOf(latencies, count);
            Arrays.sort(l);
            return "pings=" + sent + " answered=" + answered + " unanswered=" + unanswered + " late=" + late
                    + " ping_errors=" + errors + " ping_p50_ms=" + fmt(pct(l, 50) / 1e6) + " ping_p99_ms=" + fmt(pct(l, 99) / 1e6)
                    + " ping_max_ms=" + fmt(count == 0 ? 0 : l[count - 1] / 1e6);
        }
    }

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static String fmt(double v) {
        return String.format("%.1f", v);
    }

    static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        if (a < 0) {
            return "?";
        }
        a += from.length();
        int b = s.indexOf(to, a);
        return (b < 0 ? s.substring(a) : s.substring(a, b)).replace(' ', '_');
    }

    static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static synchronized void result(String phase, String figures) {
        System.out.println("RESULT " + phase + " " + figures);
        System.out.flush();
    }
}
