import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phones of a two-node cluster for bench/cluster-faults.sh: each registers over UDP with digest
 * authentication and refreshes, as a phone with two SRV targets does. It prefers one node (half the
 * phones each); on a 503 it avoids that node for the Retry-After, on no answer (retransmitted
 * at T1 = 500 ms, doubling up to T2 = 4 s, given up after {@code timeout_ms}, RFC 3261's 32 s)
 * for {@code down_seconds}, and registers through the other at once. One Call-ID per phone, its CSeq rising across both nodes.
 *
 * <p>It also samples each node's {@code /ready} and {@code GET /v2/registrations} every
 * {@code sample_ms} and checks that the listing holds every phone registered from the phone's point
 * of view: a 200 received at least {@code slack_ms} before the request, and not expired since.
 *
 * <p>Run as a single-file source program:
 * {@code java bench/ClusterPhones.java creds=FILE sip=HOST:PORT,HOST:PORT http=URL,URL key=API_KEY
 * [rate=2000] [expires=120] [timeout_ms=32000] [down_seconds=10] [sample_ms=2000] [slack_ms=1000]
 * [sockets=16] [stop=FILE]}. {@code FILE} holds {@code sip_username;sip_password;} lines (a first
 * line {@code SEQUENTIAL} is skipped). Runs until the file {@code stop} exists, then prints the
 * totals. Every line on stdout starts with a word that says what it is: {@code second} (counts of
 * the last second), {@code sample} (a listing check), {@code total}, {@code error}, {@code node}.
 */
public final class ClusterPhones {

    private static final Pattern STATUS = Pattern.compile("^SIP/2\\.0 (\\d{3})");
    private static final Pattern BRANCH = Pattern.compile("branch=([^;\\s,]+)");
    private static final Pattern RETRY_AFTER = Pattern.compile("(?im)^Retry-After:\\s*(\\d+)");
    private static final Pattern CHALLENGE = Pattern.compile("(?im)^WWW-Authenticate:\\s*Digest\\s+(.*)$");
    private static final Pattern PARAM = Pattern.compile("(\\w+)=(\"([^\"]*)\"|[^,\\s]+)");
    private static final Pattern USERNAME = Pattern.compile("\"sip_username\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOTAL = Pattern.compile("\"total_results\"\\s*:\\s*(\\d+)");
    private static final String DOMAIN = "sip.telcred.local";
    private static final long T1_MILLIS = 500;
    private static final long T2_MILLIS = 4_000;

    private final List<InetSocketAddress> nodes = new ArrayList<>();
    private final List<String> httpNodes = new ArrayList<>();
    private final String apiKey;
    private final long intervalMillis;
    private final int expires;
    private final long timeoutMillis;
    private final long downMillis;
    private final long slackMillis;
    private final List<Phone> phones = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final Map<String, Phone> byBranch = new ConcurrentHashMap<>();
    /** Counts by name, such as {@code attempted}, {@code ok.1}, {@code 503.2}, {@code timeout.1}, {@code error.1.500}. */
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ClusterPhones(Map<String, String> args) throws IOException {
        for (String node : args.get("sip").split(",")) {
            String[] hostPort = node.split(":");
            nodes.add(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
        }
        httpNodes.addAll(List.of(args.get("http").split(",")));
        apiKey = args.get("key");
        expires = Integer.parseInt(args.getOrDefault("expires", "120"));
        timeoutMillis = Long.parseLong(args.getOrDefault("timeout_ms", "32000"));
        downMillis = Long.parseLong(args.getOrDefault("down_seconds", "10")) * 1000;
        slackMillis = Long.parseLong(args.getOrDefault("slack_ms", "1000"));
        int sockets = Integer.parseInt(args.getOrDefault("sockets", "16"));
        List<DatagramChannel> channels = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
            channels.add(channel);
        }
        List<String> lines = Files.readAllLines(Path.of(args.get("creds")));
        for (String line : lines) {
            String[] fields = line.split(";");
            if (fields.length >= 2) {
                int index = phones.size();
                phones.add(new Phone(index, fields[0], fields[1], channels.get(index % sockets), index % nodes.size()));
            }
        }
        double rate = Double.parseDouble(args.getOrDefault("rate", "2000"));
        intervalMillis = Math.round(phones.size() * 1000 / rate);
        if (intervalMillis >= expires * 500L) {
            throw new IllegalArgumentException("each phone would refresh every " + intervalMillis + " ms, more than half of "
                    + "expires=" + expires + " s: give more phones or a higher rate");
        }
        channels.forEach(channel -> {
            Thread receiver = new Thread(() -> receive(channel), "receiver");
            receiver.setDaemon(true);
            receiver.start();
        });
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String arg : argv) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are name=value, not " + arg);
            }
            args.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        for (String required : new String[] {"creds", "sip", "http", "key"}) {
            if (!args.containsKey(required)) {
                throw new IllegalArgumentException("missing " + required + "=...");
            }
        }
        ClusterPhones load = new ClusterPhones(args);
        Path stop = Path.of(args.getOrDefault("stop", "stop"));
        load.run(stop, Long.parseLong(args.getOrDefault("sample_ms", "2000")));
    }

    private void run(Path stop, long sampleMillis) throws Exception {
        System.out.printf("start phones=%d interval_ms=%d rate=%.0f expires=%d%n", phones.size(), intervalMillis,
                phones.size() * 1000.0 / intervalMillis, expires);
        for (Phone phone : phones) {
            timer.schedule(phone::startRegistration, phone.index * intervalMillis / phones.size(), TimeUnit.MILLISECONDS);
        }
        Thread sampler = new Thread(() -> sampleEvery(sampleMillis, stop), "sampler");
        sampler.setDaemon(true);
        sampler.start();
        Map<String, Long> last = snapshot();
        while (!Files.exists(stop)) {
            Thread.sleep(1000);
            Map<String, Long> now = snapshot();
            StringBuilder line = new StringBuilder("second t=").append(System.currentTimeMillis());
            for (Map.Entry<String, Long> e : now.entrySet()) {
                long delta = e.getValue() - last.getOrDefault(e.getKey(), 0L);
                if (delta != 0) {
                    line.append(' ').append(e.getKey()).append('=').append(delta);
                }
            }
            line.append(" registered=").append(registeredPhones(System.currentTimeMillis(), 0).size());
            System.out.println(line);
            last = now;
        }
        timer.shutdownNow();
        // The last check, on a quiet cluster: what each node lists against what the phones hold.
        for (int node = 0; node < httpNodes.size(); node++) {
            System.out.println(check(node, "final"));
        }
        StringBuilder total = new StringBuilder("total");
        snapshot().forEach((name, value) -> total.append(' ').append(name).append('=').append(value));
        System.out.println(total);
    }

    private Map<String, Long> snapshot() {
        Map<String, Long> values = new TreeMap<>();
        counts.forEach((name, value) -> values.put(name, value.get()));
        return values;
    }

    private void count(String name) {
        counts.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
    }

    /** The phones registered from their own point of view at {@code at}, for at least {@code since} ms before it. */
    private Set<String> registeredPhones(long at, long since) {
        Set<String> users = new HashSet<>();
        for (Phone phone : phones) {
            synchronized (phone) {
                if (phone.registeredSince > 0 && phone.registeredSince <= at - since && phone.registeredUntil > at) {
                    users.add(phone.user);
                }
            }
        }
        return users;
    }

    private void sampleEvery(long sampleMillis, Path stop) {
        while (!Files.exists(stop)) {
            for (int node = 0; node < httpNodes.size(); node++) {
                System.out.println(check(node, "sample"));
            }
            try {
                Thread.sleep(sampleMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One node's /ready and listing against the phones registered, as one line. */
    private String check(int node, String kind) {
        String base = httpNodes.get(node);
        StringBuilder line = new StringBuilder(kind).append(" t=").append(System.currentTimeMillis()).append(" node=")
                .append(node + 1);
        line.append(" ready=").append(status(base + "/ready"));
        long started = System.currentTimeMillis();
        Set<String> expected = registeredPhones(started, slackMillis);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base
                            + "/v2/registrations?page%5Bsize%5D=10000")).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
            long ended = System.currentTimeMillis();
            expected.retainAll(registeredPhones(ended, 0));
            line.append(" list=").append(response.statusCode())
                    .append(" warning199=").append(response.headers().firstValue("Warning").filter(w -> w.startsWith("199"))
                            .isPresent() ? 1 : 0);
            if (response.statusCode() == 200) {
                Matcher total = TOTAL.matcher(response.body());
                Set<String> listed = new HashSet<>();
                Matcher user = USERNAME.matcher(response.body());
                while (user.find()) {
                    listed.add(user.group(1));
                }
                Set<String> missing = new HashSet<>(expected);
                missing.removeAll(listed);
                line.append(" total=").append(total.find() ? total.group(1) : "?").append(" phones_listed=")
                        .append(listed.size()).append(" phones_registered=").append(expected.size())
                        .append(" missing=").append(missing.size()).append(" ms=").append(ended - started);
                missing.stream().limit(3).forEach(m -> line.append(" e.g.=").append(m));
            }
        } catch (IOException e) {
            line.append(" list=down");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return line.toString();
    }

    private String status(String url) {
        try {
            return Integer.toString(http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            return "down";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void receive(DatagramChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        while (true) {
            buffer.clear();
            try {
                channel.receive(buffer);
            } catch (IOException e) {
                return;
            }
            buffer.flip();
            String text = StandardCharsets.UTF_8.decode(buffer).toString();
            Matcher status = STATUS.matcher(text);
            Matcher branch = BRANCH.matcher(text);
            if (!status.find() || !branch.find()) {
                count("stray");
                continue;
            }
            Phone phone = byBranch.remove(branch.group(1));
            if (phone == null) {
                count("late");
                continue;
            }
            phone.answered(branch.group(1), Integer.parseInt(status.group(1)), text);
        }
    }

    /** One phone: its registration's state, changed under its own lock. */
    private final class Phone {

        final int index;
        final String user;
        final String password;
        final DatagramChannel socket;
        final int primary;
        final String callId = "cp-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        final long[] downUntil;
        long cseq;
        long registeredSince;
        long registeredUntil;
        /** The transaction under way: its branch, node, request and whether the other node was tried in this registration. */
        String branch;
        int node;
        String request;
        boolean triedOther;

        Phone(int index, String user, String password, DatagramChannel socket, int primary) {
            this.index = index;
            this.user = user;
            this.password = password;
            this.socket = socket;
            this.primary = primary;
            this.downUntil = new long[nodes.size()];
        }

        synchronized void startRegistration() {
            count("attempted");
            triedOther = false;
            long now = System.currentTimeMillis();
            node = primary;
            if (downUntil[primary] > now) {
                int other = (primary + 1) % nodes.size();
                node = downUntil[other] < downUntil[primary] ? other : primary;
            }
            send(null);
        }

        private void send(String authorization) {
            cseq++;
            branch = "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong());
            int port = ((InetSocketAddress) localAddress()).getPort();
            request = "REGISTER sip:" + DOMAIN + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";rport;branch=" + branch + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:" + user + "@" + DOMAIN + ">;tag=" + index + "\r\n"
                    + "To: <sip:" + user + "@" + DOMAIN + ">\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: " + cseq + " REGISTER\r\n"
                    + "Contact: <sip:" + user + "@127.0.0.1:" + port + ">\r\n"
                    + "Expires: " + expires + "\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + "User-Agent: cluster-phones\r\nContent-Length: 0\r\n\r\n";
            byBranch.put(branch, this);
            transmit();
            String sent = branch;
            timer.schedule(() -> unanswered(sent, 1, T1_MILLIS), T1_MILLIS, TimeUnit.MILLISECONDS);
        }

        private java.net.SocketAddress localAddress() {
            try {
                return socket.getLocalAddress();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private void transmit() {
            try {
                socket.send(StandardCharsets.UTF_8.encode(request), nodes.get(node));
            } catch (IOException e) {
                count("send_error." + (node + 1));
            }
        }

        /**
         * The timer's look at a transaction {@code waited} ms after it was sent: a retransmission at
         * T1, 2·T1, ... up to T2 apart (RFC 3261 §17.1.2.2), the other node after the timeout.
         */
        synchronized void unanswered(String sent, int sends, long waited) {
            if (!sent.equals(branch) || !byBranch.containsKey(sent)) {
                return;
            }
            if (waited >= timeoutMillis) {
                byBranch.remove(sent);
                count("timeout." + (node + 1));
                downUntil[node] = System.currentTimeMillis() + downMillis;
                failOver();
                return;
            }
            count("retransmit." + (node + 1));
            transmit();
            long next = Math.min(Math.min(T1_MILLIS << Math.min(sends, 3), T2_MILLIS), timeoutMillis - waited);
            timer.schedule(() -> unanswered(sent, sends + 1, waited + next), next, TimeUnit.MILLISECONDS);
        }

        synchronized void answered(String answered, int status, String text) {
            if (!answered.equals(branch)) {
                return;
            }
            if (status < 200) {
                byBranch.put(answered, this);
                return;
            }
            long now = System.currentTimeMillis();
            if (status == 401) {
                send(authorization(text));
            } else if (status == 200) {
                count("ok." + (node + 1));
                count("succeeded");
                if (registeredUntil <= now) {
                    registeredSince = now;
                }
                registeredUntil = now + expires * 1000L;
                next();
            } else if (status == 503) {
                count("503." + (node + 1));
                Matcher retryAfter = RETRY_AFTER.matcher(text);
                downUntil[node] = now + (retryAfter.find() ? Long.parseLong(retryAfter.group(1)) * 1000 : downMillis);
                failOver();
            } else {
                count("error." + (node + 1) + "." + status);
                count("failed");
                next();
            }
        }

        /** Registers through the other node, once in a registration; else gives up until the next refresh. */
        private void failOver() {
            if (triedOther) {
                count("failed");
                next();
                return;
            }
            triedOther = true;
            node = (node + 1) % nodes.size();
            send(null);
        }

        private void next() {
            branch = null;
            timer.schedule(this::startRegistration, intervalMillis, TimeUnit.MILLISECONDS);
        }

        private String authorization(String challenge) {
            Matcher header = CHALLENGE.matcher(challenge);
            if (!header.find()) {
                throw new IllegalStateException("a 401 without a digest challenge: " + challenge);
            }
            Map<String, String> params = new HashMap<>();
            Matcher param = PARAM.matcher(header.group(1));
            while (param.find()) {
                params.put(param.group(1).toLowerCase(), param.group(3) != null ? param.group(3) : param.group(2));
            }
            String realm = params.get("realm");
            String nonce = params.get("nonce");
            String uri = "sip:" + DOMAIN;
            String cnonce = Long.toHexString(ThreadLocalRandom.current().nextLong());
            String ha1 = md5(user + ":" + realm + ":" + password);
            String ha2 = md5("REGISTER:" + uri);
            boolean qop = params.getOrDefault("qop", "").contains("auth");
            String response = qop ? md5(ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:" + ha2) : md5(ha1 + ":" + nonce + ":" + ha2);
            return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                    + "\", response=\"" + response + "\", algorithm=MD5"
                    + (qop ? ", qop=auth, nc=00000001, cnonce=\"" + cnonce + "\"" : "")
                    + (params.containsKey("opaque") ? ", opaque=\"" + params.get("opaque") + "\"" : "");
        }
    }

    private static String md5(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(32);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
