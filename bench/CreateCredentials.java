import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates many on-demand credentials through the REST API, concurrently, and writes them as a SIPp
 * injection file for bench/sip-bench.sh and bench/soak.sh.
 *
 * <p>Run as a single-file source program:
 * {@code java bench/CreateCredentials.java BASE_URL API_KEY CONNECTION_ID COUNT THREADS OUT.csv}.
 * Writes {@code SEQUENTIAL} and then one {@code sip_username;sip_password;id;} line per credential (SIPp's
 * [field0], [field1] and [field2]; the id is for the REST API's paths), and
 * prints {@code created count=N seconds=S per_s=R errors=E} on stdout. Exits non-zero if any
 * create failed (the first few failures are printed on stderr with their status and body).
 */
public final class CreateCredentials {

    private static final Pattern USERNAME = Pattern.compile("\"sip_username\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern PASSWORD = Pattern.compile("\"sip_password\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: CreateCredentials BASE_URL API_KEY CONNECTION_ID COUNT THREADS OUT.csv");
            System.exit(2);
        }
        String baseUrl = args[0];
        String apiKey = args[1];
        String connectionId = args[2];
        int count = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        Path out = Path.of(args[5]);

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(2))
                .build();
        String body = "{\"connection_id\":\"" + connectionId + "\"}";
        URI uri = URI.create(baseUrl + "/v2/telephony_credentials");
        String[] lines = new String[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    HttpRequest request = HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + apiKey)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    // One retry for a transport error; an HTTP error status is a finding, not retried.
                    for (int attempt = 0; ; attempt++) {
                        try {
                            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                            Matcher user = USERNAME.matcher(response.body());
                            Matcher password = PASSWORD.matcher(response.body());
                            Matcher id = ID.matcher(response.body());
                            if (response.statusCode() == 201 && user.find() && password.find() && id.find()) {
                                lines[i] = user.group(1) + ";" + password.group(1) + ";" + id.group(1) + ";";
                            } else if (errors.incrementAndGet() <= 5) {
                                System.err.println("create " + i + ": HTTP " + response.statusCode() + " " + response.body());
                            }
                            break;
                        } catch (Exception e) {
                            if (attempt == 0) {
                                continue;
                            }
                            if (errors.incrementAndGet() <= 5) {
                                System.err.println("create " + i + ": " + e);
                            }
                            break;
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.US_ASCII))) {
            writer.print("SEQUENTIAL\n");
            for (String line : lines) {
                if (line != null) {
                    writer.print(line + "\n");
                }
            }
        }
        System.out.printf("created count=%d seconds=%.1f per_s=%.0f errors=%d%n",
                count - errors.get(), seconds, (count - errors.get()) / seconds, errors.get());
        System.exit(errors.get() == 0 ? 0 : 1);
    }
}
