import io.telcred.crypto.Hashes;
import io.telcred.crypto.RandomStrings;
import io.telcred.secret.SipSecret;
import io.telcred.auth.DigestAuthorization;
import io.telcred.auth.NonceCounts;
import io.telcred.auth.NonceService;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * CPU per operation of the pieces of SIP digest authentication that run for every registration:
 * the To tag's random string, issuing and checking a nonce, parsing the Authorization header, the
 * digest check, and the replay table, plus the replay table's memory per entry. In-process and
 * single-threaded, but for two cases also run on two threads at once to show lock contention:
 * the figures are what each piece costs, not a load test (bench/sip-bench.sh is).
 *
 * <p>Run from the project root after {@code mvn -B -o -q compile}:
 * <pre>
 * java -cp target/classes:$HOME/.m2/repository/com/github/ben-manes/caffeine/caffeine/3.3.1/caffeine-3.3.1.jar \
 *     bench/SipAuthBench.java [measuredRounds]
 * </pre>
 * Each case first runs for 3 s, so that the JIT has compiled it; then each runs
 * {@code measuredRounds} (default 15) rounds of about 100 ms, and the median ns/op and the range
 * are printed. The machine may be shared: compare medians of
 * runs made under the same load.
 */
public final class SipAuthBench {

    /** Long enough for C2 to compile the JDK's DRBG and digests on a busy 2-core machine. */
    private static final long WARMUP_NANOS = 3_000_000_000L;
    private static final long ROUND_NANOS = 100_000_000L;
    /** Rounds of the replay table's warm-up, after two lifetimes of filling. */
    private static final int TABLE_WARMUP_ROUNDS = 20;
    private static final String REALM = "sip.example.test";
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Duration LIFETIME = Duration.ofMinutes(5);
    /** Live entries in the replay table at steady state; a registration rate of about 1,000/s. */
    private static final int LIVE_NONCES = 300_000;

    /** Keeps results alive so that the JIT cannot drop the work. */
    private static volatile long sink;

    public static void main(String[] args) throws Throwable {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        System.out.printf("sip-auth-bench jdk=%s vm=%s cpus=%d%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors());
        Map<String, Batch> cases = new LinkedHashMap<>();

        cases.put("RandomStrings.alphanumeric(10)", n -> {
            long h = 0;
            for (int i = 0; i < n; i++) {
                h += RandomStrings.alphanumeric(10).hashCode();
            }
            return h;
        });

        SimulatedClock clock = new SimulatedClock();
        NonceService nonces = new NonceService(SECRET, 0, clock, LIFETIME);
        cases.put("NonceService.issue", n -> {
            long h = 0;
            for (int i = 0; i < n; i++) {
                h += nonces.issue().hashCode();
            }
            return h;
        });

        String[] issued = new String[1024];
        for (int i = 0; i < issued.length; i++) {
            issued[i] = nonces.issue();
        }
        cases.put("NonceService.check", n -> {
            long h = 0;
            for (int i = 0; i < n; i++) {
                h += nonces.check(issued[i & 1023]).ordinal();
            }
            return h;
        });

        String ha1 = Hashes.md5Hex("user0001:" + REALM + ":secret-password-1");
        String nonce = issued[0];
        String uri = "sip:" + REALM + ":5060";
        String cnonce = "6b8b4567327b23c6";
        String response = Hashes.md5Hex(ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:"
                + Hashes.md5Hex("REGISTER:" + uri));
        // As SIPp 3.6 sends it: no spaces, qop before uri, algorithm last.
        String header = "Digest username=\"user0001\",realm=\"" + REALM + "\",cnonce=\"" + cnonce
                + "\",nc=00000001,qop=auth,uri=\"" + uri + "\",nonce=\"" + nonce + "\",response=\"" + response
                + "\",algorithm=MD5";
        cases.put("DigestAuthorization.parse (SIPp)", n -> {
            long h = 0;
            for (int i = 0; i < n; i++) {
                h += DigestAuthorization.parse(header).nc().length();
            }
            return h;
        });

        MethodHandle matches = digestMatches();
        SipSecret secret = new SipSecret("sealed", REALM, ha1, Hashes.sha256Hex("user0001:" + REALM + ":secret-password-1"));
        Object md5 = digestResponse(DigestAuthorization.parse(header), "REGISTER");
        if (!(boolean) matches.invokeExact(secret, md5)) {
            throw new IllegalStateException("the MD5 response does not verify");
        }
        cases.put("DigestMath.matches MD5 qop=auth", n -> {
            long h = 0;
            for (int i = 0; i < n; i++) {
                h += (boolean) matches.invokeExact(secret, md5) ? 1 : 0;
            }
            return h;
        });
        String sha256Response = Hashes.sha256Hex(secret.ha1Sha256() + ":" + nonce + ":00000001:" + cnonce + ":auth:"
                + Hashes.sha256Hex("REGISTER:" + uri));
        Object sha256 = digestResponse(DigestAuthorization.parse("Digest username=\"user0001\",realm=\"" + REALM
                + "\",nonce=\"" + nonce + "\",uri=\"" + uri + "\",response=\"" + sha256Response + "\",cnonce=\"" + cnonce
                + "\",nc=00000001,qop=auth,algorithm=SHA-256"), "REGISTER");
        if (!(boolean) matches.invokeExact(secret, sha256)) {
            throw new IllegalStateException("the SHA-256 response does not verify");
        }
        cases.put("DigestMath.matches SHA-256 qop=auth", n -> {
            long h = 0;
            for (int i = 0; i < n; i++) {
                h += (boolean) matches.invokeExact(secret, sha256) ? 1 : 0;
            }
            return h;
        });

        // Every case first runs until its code is compiled (the JIT is busy with the launcher's
        // compiler at first), then every case is measured.
        Map<String, Integer> batchSizes = new LinkedHashMap<>();
        for (Map.Entry<String, Batch> c : cases.entrySet()) {
            batchSizes.put(c.getKey(), warmUp(c.getValue()));
        }
        for (Map.Entry<String, Batch> c : cases.entrySet()) {
            measure(c.getKey(), c.getValue(), batchSizes.get(c.getKey()), rounds);
        }
        // The SIP core runs an event loop per core: what a shared lock costs shows with two threads.
        for (String name : new String[] {"RandomStrings.alphanumeric(10)", "NonceService.issue"}) {
            measureOnTwoThreads(name + ", 2 threads", cases.get(name), batchSizes.get(name), rounds);
        }
        replayTable(rounds);
        memoryPerEntry();
    }

    /**
     * firstUse of fresh nonces while the table holds about {@value #LIVE_NONCES} live entries: the
     * simulated clock advances so that that many are issued per lifetime, and the table is filled
     * for two lifetimes before measuring. Issuing the nonces is left out of the timing.
     */
    private static void replayTable(int rounds) {
        SimulatedClock clock = new SimulatedClock();
        NonceService nonces = new NonceService(SECRET, 0, clock, LIFETIME);
        NonceCounts counts = new NonceCounts(LIFETIME, clock);
        long window = LIFETIME.plus(NonceService.MAX_FUTURE_SKEW).toNanos();
        long step = window / LIVE_NONCES;
        int batch = 50_000;
        String[] fresh = new String[batch];
        long[] results = new long[TABLE_WARMUP_ROUNDS + rounds];
        int filled = 0;
        for (int round = -2 * LIVE_NONCES / batch; round < results.length; round++) {
            for (int i = 0; i < batch; i++) {
                fresh[i] = nonces.issue();
                clock.advanceNanos(step);
            }
            clock.rewindNanos(step * batch);
            long accepted = 0;
            long start = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                accepted += counts.firstUse(fresh[i], "00000001") ? 1 : 0;
                clock.advanceNanos(step);
            }
            long elapsed = System.nanoTime() - start;
            if (accepted != batch) {
                throw new IllegalStateException("fresh nonces were refused: " + (batch - accepted));
            }
            if (round >= 0) {
                results[filled++] = elapsed / batch;
            }
        }
        report("NonceCounts.firstUse fresh (" + counts.trackedNonces() + " live)",
                Arrays.copyOfRange(results, TABLE_WARMUP_ROUNDS, results.length));
    }

    /** Heap retained by a table of {@value #LIVE_NONCES} nonces, all first used within one lifetime. */
    private static void memoryPerEntry() {
        SimulatedClock clock = new SimulatedClock();
        NonceService nonces = new NonceService(SECRET, 0, clock, LIFETIME);
        long step = LIFETIME.toNanos() / LIVE_NONCES;
        long before = usedHeap();
        NonceCounts counts = new NonceCounts(LIFETIME, clock);
        for (int i = 0; i < LIVE_NONCES; i++) {
            counts.firstUse(nonces.issue(), "00000001");
            clock.advanceNanos(step);
        }
        long tracked = counts.trackedNonces();
        long with = usedHeap();
        sink += counts.hashCode();
        System.out.printf("%-45s %8.1f bytes/entry (%d entries)%n", "NonceCounts memory", (with - before) / (double) tracked, tracked);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** DigestMath and its input are package-private in {@code auth}; the bench reaches them as the authenticator does. */
    private static MethodHandle digestMatches() throws ReflectiveOperationException {
        Method method = Class.forName("io.telcred.auth.DigestMath")
                .getDeclaredMethod("matches", SipSecret.class, Class.forName("io.telcred.auth.DigestResponse"));
        method.setAccessible(true);
        return MethodHandles.lookup().unreflect(method).asType(MethodType.methodType(boolean.class, SipSecret.class, Object.class));
    }

    private static Object digestResponse(DigestAuthorization credentials, String method) throws ReflectiveOperationException {
        Method toDigestResponse = DigestAuthorization.class.getDeclaredMethod("toDigestResponse", String.class);
        toDigestResponse.setAccessible(true);
        return toDigestResponse.invoke(credentials, method);
    }

    private interface Batch {
        long run(int n) throws Throwable;
    }

    /** Runs the batch for {@link #WARMUP_NANOS}; returns how many operations take about {@link #ROUND_NANOS}. */
    private static int warmUp(Batch batch) throws Throwable {
        int n = 1_000;
        long warmupEnd = System.nanoTime() + WARMUP_NANOS;
        while (System.nanoTime() < warmupEnd) {
            long start = System.nanoTime();
            sink += batch.run(n);
            long elapsed = System.nanoTime() - start;
            n = (int) Math.max(1_000, Math.min(Integer.MAX_VALUE, (long) n * ROUND_NANOS / Math.max(1, elapsed)));
        }
        return n;
    }

    private static void measure(String name, Batch batch, int n, int rounds) throws Throwable {
        long[] nanosPerOp = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            sink += batch.run(n);
            nanosPerOp[i] = (System.nanoTime() - start) / n;
        }
        report(name, nanosPerOp);
    }

    /** Both threads run the batch at once; the time is the slower thread's, per operation of one thread. */
    private static void measureOnTwoThreads(String name, Batch batch, int n, int rounds) throws Throwable {
        long[] nanosPerOp = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            CountDownLatch start = new CountDownLatch(1);
            Thread other = new Thread(() -> {
                try {
                    start.await();
                    sink += batch.run(n);
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            });
            other.start();
            long begin = System.nanoTime();
            start.countDown();
            sink += batch.run(n);
            other.join();
            nanosPerOp[i] = (System.nanoTime() - begin) / n;
        }
        report(name, nanosPerOp);
    }

    private static void report(String name, long[] nanosPerOp) {
        long[] sorted = nanosPerOp.clone();
        Arrays.sort(sorted);
        System.out.printf("%-45s %8d ns/op median (min %d, max %d, %d rounds)%n", name, sorted[sorted.length / 2],
                sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    /** A clock the bench moves, so that a lifetime of traffic passes in seconds. */
    private static final class SimulatedClock extends Clock {

        private long nanos = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli() * 1_000_000L;

        void advanceNanos(long by) {
            nanos += by;
        }

        void rewindNanos(long by) {
            nanos -= by;
        }

        @Override
        public long millis() {
            return nanos / 1_000_000L;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
