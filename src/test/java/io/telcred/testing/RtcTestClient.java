package io.telcred.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Telnyx-RTC client for protocol tests: a real WebSocket to {@code /rtc}, every frame received
 * kept in order, and helpers that wait for the frame a test expects.
 */
public final class RtcTestClient implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final WebSocket socket;
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
    private String sessid;

    private RtcTestClient(HttpClient http, String url) {
        Listener listener = new Listener();
        this.socket = http.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(URI.create(url), listener).join();
    }

    private RtcTestClient(int httpPort, String query) {
        this(HttpClient.newHttpClient(), "ws://127.0.0.1:" + httpPort + "/rtc" + query);
    }

    /** Over wss to the HTTPS port, trusting whatever certificate it shows (a development one). */
    public static RtcTestClient connectSecure(int httpsPort) throws Exception {
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        javax.net.ssl.SSLParameters parameters = new javax.net.ssl.SSLParameters();
        parameters.setEndpointIdentificationAlgorithm(null);
        HttpClient http = HttpClient.newBuilder().sslContext(tls).sslParameters(parameters).build();
        return new RtcTestClient(http, "wss://127.0.0.1:" + httpsPort + "/rtc");
    }

    public static RtcTestClient connect(TestTelcred telcred) {
        return new RtcTestClient(telcred.server().httpPort(), "");
    }

    public static RtcTestClient connect(TestTelcred telcred, String query) {
        return new RtcTestClient(telcred.server().httpPort(), query);
    }

    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends a request and returns its id. */
    public String send(String method, ObjectNode params) {
        String id = UUID.randomUUID().toString();
        ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        frame.set("params", params);
        sendRaw(frame.toString());
        return id;
    }

    /** Sends a request and waits for its answer (result or error). */
    public JsonNode call(String method, ObjectNode params) {
        String id = send(method, params);
        return awaitFrame(f -> id.equals(f.path("id").asText(null)) && !f.has("method"), "the answer to " + method);
    }

    /** Logs in with a password and waits for the SDK's readiness steps; returns the login answer. */
    public JsonNode loginWithPassword(String login, String password) {
        return completeLogin(call("login", params().put("login", login).put("passwd", password)));
    }

    public JsonNode loginWithToken(String token) {
        return completeLogin(call("login", params().put("login_token", token)));
    }

    /** Given a successful login answer: waits for clientReady, asks gatewayState, expects REGED. */
    public JsonNode completeLogin(JsonNode answer) {
        assertThat(answer.has("result")).as(answer.toString()).isTrue();
        sessid = answer.path("result").path("sessid").asText();
        awaitRequest("telnyx_rtc.clientReady");
        JsonNode state = call("telnyx_rtc.gatewayState", params());
        assertThat(state.path("result").path("params").path("state").asText()).isEqualTo("REGED");
        return answer;
    }

    public String sessid() {
        return sessid;
    }

    /** Waits for a request of the server's with this method. */
    public JsonNode awaitRequest(String method) {
        return awaitFrame(f -> method.equals(f.path("method").asText(null)), method);
    }

    /** Acknowledges a server request as the SDKs do. */
    public void acknowledge(JsonNode request) {
        ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0");
        frame.set("id", request.get("id"));
        frame.putObject("result").put("method", request.path("method").asText());
        sendRaw(frame.toString());
    }

    public JsonNode awaitFrame(Predicate<JsonNode> test, String what) {
        return awaitFrame(test, what, WAIT);
    }

    public JsonNode awaitFrame(Predicate<JsonNode> test, String what, Duration wait) {
        for (JsonNode f : seen) {
            if (test.test(f)) {
                seen.remove(f);
                return f;
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            JsonNode next;
            try {
                next = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (next == null) {
                throw new AssertionError("no " + what + " within " + wait.toSeconds() + " s; other frames: " + seen);
            }
            if (test.test(next)) {
                return next;
            }
            seen.add(next);
        }
    }

    /** Frames received and not yet taken by a wait, after waiting {@code millis} for more. */
    public List<JsonNode> framesAfter(long millis) throws InterruptedException {
        Thread.sleep(millis);
        frames.drainTo(seen);
        return List.copyOf(seen);
    }

    /** Sends one text message as {@code pieces} frames (a text frame and its continuations). */
    public void sendInPieces(String text, int pieces) {
        int step = (text.length() + pieces - 1) / pieces;
        for (int start = 0; start < text.length(); start += step) {
            int end = Math.min(text.length(), start + step);
            socket.sendText(text.substring(start, end), end == text.length()).join();
        }
    }

    public void sendBinary(byte[] payload) {
        socket.sendBinary(ByteBuffer.wrap(payload), true).join();
    }

    /** Sends a WebSocket ping and returns the payload of the pong that answers it, or null if none comes. */
    public String ping(String payload) throws InterruptedException {
        socket.sendPing(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8))).join();
        return pongs.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The close code the server sent, waiting for it. */
    public int awaitClose() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** A client logged in with the credential's password (a REST API credential object). */
    public static RtcTestClient loggedIn(TestTelcred telcred, JsonNode credential) {
        RtcTestClient client = connect(telcred);
        client.loginWithPassword(credential.get("sip_username").asText(), credential.get("sip_password").asText());
        return client;
    }

    /** The params of a telnyx_rtc.invite from this session. */
    public ObjectNode inviteParams(String callId, String destination, String sdp) {
        ObjectNode params = params().put("sessid", sessid).put("sdp", sdp);
        params.putObject("dialogParams").put("callID", callId).put("destination_number", destination);
        return params;
    }

    /** The params of a request inside a call: the session and the call's id. */
    public ObjectNode dialogParams(String callId) {
        ObjectNode params = params().put("sessid", sessid);
        params.putObject("dialogParams").put("callID", callId);
        return params;
    }

    public static ObjectNode params() {
        return JSON.createObjectNode();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    frames.add(JSON.createObjectNode().put("unparsable", partial.toString()));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pongs.add(StandardCharsets.UTF_8.decode(message).toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
