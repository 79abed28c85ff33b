import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client of it/crash/run.sh's webhook run, as a single-file source program.
 *
 * <pre>
 * java WebhookLogins.java BASE_URL API_KEY CONNECTION_ID COUNT READY_FILE MAX_SECONDS
 * </pre>
 *
 * Creates COUNT on-demand credentials of the connection and logs each in on the WebRTC gateway
 * (BASE_URL's /rtc, the {@code login} method with {@code login}/{@code passwd}): every login makes
 * a {@code credential.registered} webhook. When every login is answered with a result, writes the
 * credential ids to READY_FILE and keeps the sessions open (the server is killed under them) for
 * at most MAX_SECONDS. Exits 1 when a login fails.
 */
public final class WebhookLogins {

    private static final Pattern FIELD = Pattern.compile("\"(id|sip_username|sip_password)\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: WebhookLogins BASE_URL API_KEY CONNECTION_ID COUNT READY_FILE MAX_SECONDS");
            System.exit(2);
        }
        String base = args[0];
        int count = Integer.parseInt(args[3]);
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<String>> logins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] credential = createCredential(base, args[1], args[2]);
            ids.add(credential[0]);
            logins.add(login(base.replaceFirst("^http", "ws") + "/rtc", credential[1], credential[2]));
        }
        for (CompletableFuture<String> login : logins) {
            String answer = login.get(20, TimeUnit.SECONDS);
            if (!answer.contains("\"result\"")) {
                System.err.println("a login was refused: " + answer);
                System.exit(1);
            }
        }
        Files.write(Path.of(args[4]), ids);
        System.out.println("logged-in=" + count);
        Thread.sleep(Long.parseLong(args[5]) * 1000);
    }

    /** A new credential of the connection: {id, sip_username, sip_password}. */
    private static String[] createCredential(String base, String apiKey, String connectionId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v2/telephony_credentials"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"connection_id\":\"" + connectionId + "\"}")).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("create answered " + response.statusCode() + ": " + response.body());
        }
        String[] fields = new String[3];
        Matcher m = FIELD.matcher(response.body());
        while (m.find()) {
            int at = switch (m.group(1)) {
                case "id" -> 0;
                case "sip_username" -> 1;
                default -> 2;
            };
            if (fields[at] == null) {
                fields[at] = m.group(2);
            }
        }
        return fields;
    }

    /** Opens a session and sends the login; completes with the answer to it. */
    private static CompletableFuture<String> login(String url, String user, String password) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String frame = text.toString();
                    text.setLength(0);
                    if (frame.contains("\"id\":\"login\"")) {
                        answer.complete(frame);
                    }
                }
                socket.request(1);
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                answer.completeExceptionally(error);
            }
        };
        HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(URI.create(url), listener)
                .thenAccept(socket -> socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":\"login\",\"method\":\"login\",\"params\":"
                        + "{\"login\":\"" + user + "\",\"passwd\":\"" + password + "\",\"userVariables\":{},\"loginParams\":{}}}", true))
                .exceptionally(error -> {
                    answer.completeExceptionally(error);
                    return null;
                });
        return answer;
    }
}
