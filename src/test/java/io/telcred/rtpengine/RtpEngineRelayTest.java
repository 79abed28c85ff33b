package io.telcred.rtpengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.call.MediaProfile;
import io.telcred.call.MediaRelay.RelayException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ng protocol as rtpengine speaks it, against a stand-in that records commands and answers as told. */
class RtpEngineRelayTest {

    private final BlockingQueue<Map<?, ?>> commands = new LinkedBlockingQueue<>();
    private DatagramSocket fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void offerTowardAPhoneRemovesIceAndAsksForPlainRtp() throws Exception {
        RtpEngineRelay relay = relay(command -> Map.of("result", "ok", "sdp", "rewritten"));
        assertThat(relay.offer("call-1", "v=0", MediaProfile.PLAIN)).isEqualTo("rewritten");
        Map<?, ?> command = commands.poll(1, TimeUnit.SECONDS);
        assertThat(command.get("command")).isEqualTo("offer");
        assertThat(command.get("call-id")).isEqualTo("call-1");
        assertThat(command.get("ICE")).isEqualTo("remove");
        assertThat(command.get("transport-protocol")).isEqualTo("RTP/AVP");
        assertThat(command.get("sdp")).isEqualTo("v=0");
    }

    @Test
    void answerTowardABrowserForcesIceAndDtls() throws Exception {
        RtpEngineRelay relay = relay(command -> Map.of("result", "ok", "sdp", "for the browser"));
        assertThat(relay.answer("call-2", "v=0", MediaProfile.WEBRTC)).isEqualTo("for the browser");
        Map<?, ?> command = commands.poll(1, TimeUnit.SECONDS);
        assertThat(command.get("command")).isEqualTo("answer");
        assertThat(command.get("ICE")).isEqualTo("force");
        assertThat(command.get("transport-protocol")).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(command.get("to-tag")).isNotNull();
        assertThat(command.get("rtcp-mux").toString()).contains("require");
    }

    @Test
    void anErrorReplyOrSilenceIsARelayFailure() throws Exception {
        RtpEngineRelay refusing = relay(command -> Map.of("result", "error", "error-reason", "Unknown call-id"));
        assertThatThrownBy(() -> refusing.answer("nope", "v=0", MediaProfile.PLAIN))
                .isInstanceOf(RelayException.class).hasMessageContaining("Unknown call-id");
        stop();
        commands.clear();
        RtpEngineRelay silent = relay(command -> null);
        long start = System.nanoTime();
        assertThatThrownBy(() -> silent.offer("c", "v=0", MediaProfile.PLAIN)).isInstanceOf(RelayException.class)
                .hasMessageContaining("did not answer");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(commands.size()).as("sent twice within the timeout").isEqualTo(2);
    }

    @Test
    void bencodeRoundTripsWhatRtpengineSends() {
        byte[] encoded = Bencode.encode(Map.of("sdp", "v=0 é", "list", List.of("a", 1), "n", 42));
        assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo("d4:listl1:ai1ee1:ni42e3:sdp6:v=0 ée");
        assertThat(Bencode.decode(encoded, 0)).isEqualTo(Map.of("sdp", "v=0 é", "list", List.of("a", 1L), "n", 42L));
        assertThatThrownBy(() -> Bencode.decode("d3:sdp9:shorte".getBytes(StandardCharsets.UTF_8), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsTakeKamailiosFormAndRefuseOthers() {
        RtpEngineSettings settings = new RtpEngineSettings(List.of(), Duration.ofSeconds(1));
        assertThat(settings.enabled()).isFalse();
        assertThat(RtpEngineSettings.INSTANCES.parse("udp:127.0.0.1:22222, udp:127.0.0.1:22223")).hasSize(2);
        assertThatThrownBy(() -> RtpEngineSettings.INSTANCES.parse("tcp:127.0.0.1:22222"))
                .hasMessageContaining("udp:HOST:PORT");
        assertThatThrownBy(() -> RtpEngineSettings.INSTANCES.parse("udp:127.0.0.1")).hasMessageContaining("port");
    }

    /** A relay pointed at a stand-in answering each command with {@code reply} (null: no answer). */
    private RtpEngineRelay relay(Function<Map<?, ?>, Map<String, Object>> reply) throws Exception {
        fake = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DatagramSocket socket = fake;
        Thread server = new Thread(() -> {
            byte[] buffer = new byte[65_535];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    String text = new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
                    int space = text.indexOf(' ');
                    Map<?, ?> command = (Map<?, ?>) Bencode.decode(java.util.Arrays.copyOf(buffer, packet.getLength()),
                            text.substring(0, space + 1).getBytes(StandardCharsets.UTF_8).length);
                    commands.add(command);
                    Map<String, Object> answer = reply.apply(command);
                    if (answer != null) {
                        byte[] body = Bencode.encode(answer);
                        byte[] out = new byte[space + 1 + body.length];
                        System.arraycopy(buffer, 0, out, 0, space + 1);
                        System.arraycopy(body, 0, out, space + 1, body.length);
                        socket.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
                    }
                } catch (Exception e) {
                    return;
                }
            }
        });
        server.setDaemon(true);
        server.start();
        return new RtpEngineRelay(new RtpEngineSettings(List.of(InetSocketAddress.createUnresolved("127.0.0.1",
                fake.getLocalPort())), Duration.ofMillis(600)));
    }
}
