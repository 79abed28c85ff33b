package io.telcred.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.location.Transport;
import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipLimits;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSocketTransportTest {

    @TempDir
    Path folder;

    private final RecordingReceiver receiver = new RecordingReceiver();
    private TrustedCertificate certificate;
    private SipTransports transports;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        certificate = new TrustedCertificate(folder);
        start(Duration.ofMinutes(1));
        http = HttpClient.newBuilder().sslContext(certificate.clientContext()).build();
    }

    private void start(Duration idleTimeout) {
        transports = new SipTransports(SipTexts.loopback()
                .withPorts(TransportSettings.DISABLED, TransportSettings.DISABLED, TransportSettings.DISABLED, 0, 0)
                .withTls(certificate.certificate, certificate.privateKey)
                .withIdleTimeout(idleTimeout), receiver);
        transports.start();
    }

    @AfterEach
    void stop() {
        transports.close();
    }

    @Test
    void registerFrameArrivesOnAWebSocketFlowAndTheAnswerIsOneTextMessage() throws Exception {
        Browser browser = connect(Transport.WS, "/");
        assertThat(browser.socket.getSubprotocol()).isEqualTo("sip");

        browser.send(SipTexts.register(Transport.WS, "ws-1"));

        Inbound inbound = receiver.next();
        SipRequest register = (SipRequest) ((ParseResult.Parsed) inbound.result()).message();
        assertThat(register.callId()).isEqualTo("ws-1");
        assertThat(inbound.flow().transport()).isEqualTo(Transport.WS);
        assertThat(inbound.flow().id()).startsWith("ws-");
        assertThat(receiver.offLoopThread).isNull();

        assertThat(transports.send(SipResponse.to(register, 200, "OK"), inbound.flow())).isTrue();
        Message answer = browser.next();
        assertThat(answer.parts).as("one WebSocket message in one piece").isEqualTo(1);
        assertThat(answer.text).startsWith("SIP/2.0 200 OK\r\n").contains("Call-ID: ws-1");
    }

    @Test
    void anyPathIsAccepted() throws Exception {
        Browser browser = connect(Transport.WS, "/sip/ws?token=abc");
        browser.send(SipTexts.register(Transport.WS, "ws-2"));

        assertThat(receiver.nextRequest().callId()).isEqualTo("ws-2");
    }

    @Test
    void handshakeWithoutTheSipSubprotocolIsRefused() {
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
                .buildAsync(uri(Transport.WS, "/"), new Collector(new LinkedBlockingQueue<>()));

        assertThatThrownBy(opening::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(400));
    }

    @Test
    void handshakeEchoesTheSipSubprotocol() throws Exception {
        try (Socket raw = rawHandshake("sip")) {
            String response = readHttpHead(raw);
            assertThat(response).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                    .containsIgnoringCase("sec-websocket-protocol: sip\r\n");
        }
    }

    @Test
    void quietBrowserIsPingedAndKeptOpen() throws Exception {
        transports.close();
        start(Duration.ofMillis(400));
        Browser browser = connect(Transport.WS, "/");
        browser.send(SipTexts.register(Transport.WS, "ws-7"));
        receiver.next();

        Thread.sleep(1_500); // the JDK client answers pings by itself

        assertThat(receiver.closed).isEmpty();
        browser.send(SipTexts.register(Transport.WS, "ws-8"));
        assertThat(receiver.nextRequest().callId()).isEqualTo("ws-8");
    }

    @Test
    void peerThatDoesNotAnswerPingsIsClosed() throws Exception {
        transports.close();
        start(Duration.ofMillis(400));
        try (Socket raw = rawHandshake("sip")) {
            assertThat(readHttpHead(raw)).startsWith("HTTP/1.1 101");
            InputStream in = raw.getInputStream();
            assertThat(in.read()).as("a ping frame, FIN set").isEqualTo(0x89);
            assertThat(new StreamReader(in).closedAfterReading()).isTrue();
        }
        receiver.nextClosed();
    }

    @Test
    void plainHttpRequestIsRefused() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + transports.port(Transport.WS) + "/")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(426);
    }

    @Test
    void invalidFrameIsAnsweredAndTheConnectionStays() throws Exception {
        Browser browser = connect(Transport.WS, "/");

        browser.send(SipTexts.register(Transport.WS, "ws-3").replace("CSeq: 1 REGISTER", "CSeq: 1 INVITE"));

        assertThat(receiver.nextInvalid().partial().callId()).isEqualTo("ws-3");
        assertThat(browser.next().text).startsWith("SIP/2.0 400 Bad Request").contains("Call-ID: ws-3");
        browser.send(SipTexts.register(Transport.WS, "ws-4"));
        assertThat(receiver.nextRequest().callId()).isEqualTo("ws-4");
    }

    @Test
    void messageOverTheLimitClosesWithMessageTooBig() throws Exception {
        transports.close();
        transports = new SipTransports(SipTexts.loopback()
                .withPorts(TransportSettings.DISABLED, TransportSettings.DISABLED, TransportSettings.DISABLED, 0,
                        TransportSettings.DISABLED)
                .withLimits(new SipLimits(2_000, 64, 1_000)), receiver);
        transports.start();
        Browser browser = connect(Transport.WS, "/");

        browser.socket.sendText("x".repeat(3_000), true);

        assertThat(browser.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(1009);
        receiver.nextClosed();
    }

    @Test
    void crlfKeepAliveFrameIsAnsweredWithCrlf() throws Exception {
        Browser browser = connect(Transport.WS, "/");

        browser.send("\r\n\r\n");

        assertThat(browser.next().text).isEqualTo("\r\n");
        assertThat(receiver.inbound).isEmpty();
    }

    @Test
    void closedWebSocketEndsTheFlow() throws Exception {
        Browser browser = connect(Transport.WS, "/");
        browser.send(SipTexts.register(Transport.WS, "ws-5"));
        Inbound inbound = receiver.next();
        SipRequest register = (SipRequest) ((ParseResult.Parsed) inbound.result()).message();

        browser.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);

        assertThat(receiver.nextClosed()).isEqualTo(inbound.flow());
        assertThat(transports.send(SipResponse.to(register, 200, "OK"), inbound.flow())).isFalse();
    }

    @Test
    void webSocketTargetsCannotBeDialled() throws Exception {
        Browser browser = connect(Transport.WS, "/");
        browser.send(SipTexts.register(Transport.WS, "ws-6"));
        Inbound inbound = receiver.next();
        SipRequest register = (SipRequest) ((ParseResult.Parsed) inbound.result()).message();

        assertThat(transports.send(register, Transport.WS, inbound.flow().remote())).isFalse();
    }

    @Test
    void secureWebSocketWithTheDevelopmentCertificate() throws Exception {
        Browser browser = connect(Transport.WSS, "/");
        assertThat(browser.socket.getSubprotocol()).isEqualTo("sip");

        browser.send(SipTexts.register(Transport.WSS, "wss-1"));

        Inbound inbound = receiver.next();
        SipRequest register = (SipRequest) ((ParseResult.Parsed) inbound.result()).message();
        assertThat(inbound.flow().transport()).isEqualTo(Transport.WSS);
        assertThat(inbound.flow().secure()).isTrue();
        assertThat(transports.send(SipResponse.to(register, 200, "OK"), inbound.flow())).isTrue();
        assertThat(browser.next().text).startsWith("SIP/2.0 200 OK\r\n").contains("Call-ID: wss-1");
    }

    private Socket rawHandshake(String subprotocol) throws IOException {
        Socket raw = new Socket(InetAddress.getLoopbackAddress(), transports.port(Transport.WS));
        raw.setSoTimeout(5_000);
        String request = "GET / HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: " + subprotocol + "\r\n"
                + "\r\n";
        raw.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        return raw;
    }

    private static String readHttpHead(Socket raw) throws IOException {
        StringBuilder head = new StringBuilder();
        InputStream in = raw.getInputStream();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private Browser connect(Transport transport, String path) throws Exception {
        BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        Collector collector = new Collector(messages);
        WebSocket socket = http.newWebSocketBuilder().subprotocols("sip")
                .buildAsync(uri(transport, path), collector).get(5, TimeUnit.SECONDS);
        return new Browser(socket, messages, collector.closeCode);
    }

    private URI uri(Transport transport, String path) {
        String scheme = transport == Transport.WSS ? "wss" : "ws";
        return URI.create(scheme + "://127.0.0.1:" + transports.port(transport) + path);
    }

    /** A whole WebSocket message and how many pieces it arrived in. */
    private record Message(String text, int parts) {
    }

    private record Browser(WebSocket socket, BlockingQueue<Message> messages, CompletableFuture<Integer> closeCode) {

        void send(String text) throws Exception {
            socket.sendText(text, true).get(5, TimeUnit.SECONDS);
        }

        Message next() throws InterruptedException {
            Message message = messages.poll(RecordingReceiver.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(message).as("a WebSocket message").isNotNull();
            return message;
        }
    }

    private static final class Collector implements WebSocket.Listener {
        private final BlockingQueue<Message> messages;
        private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private int parts;

        Collector(BlockingQueue<Message> messages) {
            this.messages = messages;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            parts++;
            if (last) {
                messages.add(new Message(text.toString(), parts));
                text.setLength(0);
                parts = 0;
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            text.append(StandardCharsets.UTF_8.decode(data));
            return onText(socket, "", last);
        }
    }
}
