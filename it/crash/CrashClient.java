import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of it/crash/run.sh, run as a single-file source program.
 *
 * <pre>
 * java CrashClient.java create BASE_URL API_KEY CONNECTION_ID CLIENTS MAX_SECONDS IDS_FILE
 * java CrashClient.java check  BASE_URL API_KEY IDS_FILE
 * </pre>
 *
 * {@code create}: CLIENTS workers create credentials back to back until the server stops answering
 * (it is killed under them) or MAX_SECONDS pass, then the id of every create answered 201 is
 * written to IDS_FILE, one a line. A create whose answer never arrived is not acknowledged and is
 * not counted. Prints {@code acknowledged=N other=M}.
 *
 * <p>{@code check}: reads every credential the server lists and prints
 * {@code acknowledged=N found=F lost=L}, then the first lost ids. Exits 1 when any is lost.
 */
public final class CrashClient {

    private static final Pattern ID = Pattern.compile("\"data\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern LIST_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"\\s*,\\s*\"record_type\"\\s*:\\s*\"credential\"");
    private static final Pattern TOTAL_PAGES = Pattern.compile("\"total_pages\"\\s*:\\s*(\\d+)");
    private static final int PAGE_SIZE = 250;

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        if (args.length == 7 && args[0].equals("create")) {
            create(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]), Path.of(args[6]));
        } else if (args.length == 4 && args[0].equals("check")) {
            System.exit(check(args[1], args[2], Path.of(args[3])));
        } else {
            System.err.println("usage: CrashClient create BASE_URL API_KEY CONNECTION_ID CLIENTS MAX_SECONDS IDS_FILE"
                    + " | check BASE_URL API_KEY IDS_FILE");
            System.exit(2);
        }
    }

    private static void create(String baseUrl, String apiKey, String connectionId, int clients, int maxSeconds, Path out)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v2/telephony_credentials"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"connection_id\":\"" + connectionId + "\"}"))
                .build();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger other = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(maxSeconds).toNanos();
        var workers = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            workers.submit(() -> {
                while (System.nanoTime() < deadline) {
                    HttpResponse<String> response;
                    try {
                        response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    } catch (IOException e) {
                        return; // the server is gone: this worker is done
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    Matcher id = ID.matcher(response.body());
                    if (response.statusCode() == 201 && id.find()) {
                        acknowledged.add(id.group(1));
                    } else if (other.incrementAndGet() <= 3) {
                        System.err.println("create: HTTP " + response.statusCode() + " " + response.body());
                    }
                }
            });
        }
        workers.shutdown();
        workers.awaitTermination(maxSeconds + 60L, java.util.concurrent.TimeUnit.SECONDS);
        Files.write(out, new ArrayList<>(acknowledged));
        System.out.println("acknowledged=" + acknowledged.size() + " other=" + other.get());
    }

    private static int check(String baseUrl, String apiKey, Path idsFile) throws Exception {
        List<String> acknowledged = Files.readAllLines(idsFile).stream().filter(line -> !line.isBlank()).toList();
        Set<String> present = new HashSet<>();
        int totalPages = 1;
        for (int page = 1; page <= totalPages; page++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl
                            + "/v2/telephony_credentials?page%5Bsize%5D=" + PAGE_SIZE + "&page%5Bnumber%5D=" + page))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + apiKey).GET().build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                System.err.println("list page " + page + ": HTTP " + response.statusCode() + " " + response.body());
                return 2;
            }
            Matcher ids = LIST_ID.matcher(response.body());
            while (ids.find()) {
                present.add(ids.group(1));
            }
            Matcher pages = TOTAL_PAGES.matcher(response.body());
            totalPages = pages.find() ? Integer.parseInt(pages.group(1)) : 0;
        }
        List<String> lost = acknowledged.stream().filter(id -> !present.contains(id)).toList();
        System.out.println("acknowledged=" + acknowledged.size() + " found=" + present.size() + " lost=" + lost.size());
        lost.stream().limit(5).forEach(id -> System.out.println("lost " + id));
        return lost.isEmpty() ? 0 : 1;
    }
}
