package io.telcred.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.location.Transport;
import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipLimits;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UdpTransportTest {

    private final RecordingReceiver receiver = new RecordingReceiver();
    private SipTransports transports;
    private DatagramSocket phone;
    private InetSocketAddress server;

    @BeforeEach
    void start() throws IOException {
        transports = new SipTransports(SipTexts.loopback(), receiver);
        transports.start();
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), transports.port(Transport.UDP));
        phone = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        phone.setSoTimeout(5_000);
    }

    @AfterEach
    void stop() {
        phone.close();
        transports.close();
    }

    @Test
    void udpAndTcpListenOnTheSamePort() {
        assertThat(transports.port(Transport.UDP)).isPositive().isEqualTo(transports.port(Transport.TCP));
        assertThat(transports.port(Transport.TLS)).isEqualTo(-1);
    }

    @Test
    void aSecondServerCannotShareTheUdpPort() {
        int port = transports.port(Transport.UDP);
        // Without TCP, nothing else would stop the second: its sockets could share the port.
        SipTransports second = new SipTransports(SipTexts.loopback().withPorts(port, TransportSettings.DISABLED,
                TransportSettings.DISABLED, TransportSettings.DISABLED, TransportSettings.DISABLED), new RecordingReceiver());
        assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("UDP").hasMessageContaining("127.0.0.1:" + port);
        second.close();
    }

    @Test
    void registerArrivesWithTheFlowOfItsSource() throws Exception {
        sendFromPhone(SipTexts.registerBytes(Transport.UDP, "udp-1"));

        Inbound inbound = receiver.next();
        assertThat(inbound.result()).isInstanceOf(ParseResult.Parsed.class);
        Flow flow = inbound.flow();
        assertThat(flow.transport()).isEqualTo(Transport.UDP);
        assertThat(flow.remote()).isEqualTo(phone.getLocalSocketAddress());
        assertThat(flow.id()).isEqualTo("udp:127.0.0.1:" + phone.getLocalPort());
        assertThat(flow.connectionOriented()).isFalse();
        assertThat(receiver.offLoopThread).isNull();
    }

    @Test
    void answerOverTheFlowComesFromTheSipPort() throws Exception {
        sendFromPhone(SipTexts.registerBytes(Transport.UDP, "udp-2"));
        Inbound inbound = receiver.next();
        SipRequest register = (SipRequest) ((ParseResult.Parsed) inbound.result()).message();

        assertThat(transports.send(SipResponse.to(register, 200, "OK"), inbound.flow())).isTrue();

        DatagramPacket answer = receiveOnPhone();
        assertThat(answer.getPort()).as("rport needs answers from the port requests went to").isEqualTo(server.getPort());
        assertThat(text(answer)).startsWith("SIP/2.0 200 OK\r\n").contains("Call-ID: udp-2");
    }

    @Test
    void severalSocketsShareThePortAndEachSourceIsAnsweredFromIt() throws Exception {
        transports.close();
        transports = new SipTransports(SipTexts.loopback().withUdpThreads(4), receiver);
        transports.start();
        int port = transports.port(Transport.UDP);
        InetSocketAddress sipPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        java.util.List<DatagramSocket> phones = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                DatagramSocket source = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                source.setSoTimeout(5_000);
                phones.add(source);
                byte[] bytes = SipTexts.registerBytes(Transport.UDP, "many-" + i);
                source.send(new DatagramPacket(bytes, bytes.length, sipPort));
            }
            java.util.Set<String> callIds = new java.util.HashSet<>();
            for (int i = 0; i < phones.size(); i++) {
                Inbound inbound = receiver.next();
                SipRequest register = (SipRequest) ((ParseResult.Parsed) inbound.result()).message();
                callIds.add(register.callId());
                assertThat(transports.send(SipResponse.to(register, 200, "OK"), inbound.flow())).isTrue();
            }
            assertThat(callIds).hasSize(16);
            for (int i = 0; i < phones.size(); i++) {
                DatagramPacket answer = new DatagramPacket(new byte[65_536], 65_536);
                phones.get(i).receive(answer);
                assertThat(answer.getPort()).isEqualTo(port);
                assertThat(text(answer)).contains("Call-ID: many-" + i + "\r\n");
            }
        } finally {
            phones.forEach(DatagramSocket::close);
        }
    }

    @Test
    void largeDatagramArrivesWhole() throws Exception {
        String padded = SipTexts.register(Transport.UDP, "udp-6").replace("Expires: 3600\r\n",
                "Expires: 3600\r\nX-Padding: " + "p".repeat(6_000) + "\r\n");
        sendFromPhone(padded.getBytes(StandardCharsets.UTF_8));

        assertThat(receiver.nextRequest().headers().first("X-Padding")).hasSize(6_000);
    }

    @Test
    void datagramOverTheLimitIsReportedAndNotAnswered() throws Exception {
        transports.close();
        transports = new SipTransports(SipTexts.loopback().withLimits(new SipLimits(2_000, 64, 1_000)), receiver);
        transports.start();
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), transports.port(Transport.UDP));
        String padded = SipTexts.register(Transport.UDP, "udp-7").replace("Expires: 3600\r\n",
                "Expires: 3600\r\nX-Padding: " + "p".repeat(900) + "\r\nX-More: " + "m".repeat(900) + "\r\n");

        sendFromPhone(padded.getBytes(StandardCharsets.UTF_8));

        assertThat(receiver.nextInvalid().status()).isEqualTo(513);
        phone.setSoTimeout(300);
        assertThatThrownBy(this::receiveOnPhone).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void crlfKeepAliveIsNotDelivered() throws Exception {
        sendFromPhone("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        sendFromPhone(SipTexts.registerBytes(Transport.UDP, "udp-3"));

        assertThat(receiver.nextRequest().callId()).isEqualTo("udp-3");
        assertThat(receiver.inbound).isEmpty();
    }

    @Test
    void garbageIsReportedAsInvalidAndNotAnswered() throws Exception {
        sendFromPhone("\u0016\u0003\u0001 definitely not SIP\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));

        ParseResult.Invalid invalid = receiver.nextInvalid();
        assertThat(invalid.partial()).isNull();
        phone.setSoTimeout(300);
        assertThatThrownBy(this::receiveOnPhone).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void malformedRequestIsReportedWithWhatCouldBeReadButNotAnswered() throws Exception {
        String mismatchedCSeq = SipTexts.register(Transport.UDP, "udp-4").replace("CSeq: 1 REGISTER", "CSeq: 1 INVITE");
        sendFromPhone(mismatchedCSeq.getBytes(StandardCharsets.UTF_8));

        assertThat(receiver.nextInvalid().partial().callId()).isEqualTo("udp-4");
        phone.setSoTimeout(300);
        assertThatThrownBy(this::receiveOnPhone).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void stunBindingRequestIsAnsweredWithTheMappedAddress() throws Exception {
        byte[] request = new byte[20];
        ByteBuffer.wrap(request).putShort((short) 0x0001).putShort((short) 0).putInt(0x2112A442)
                .put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        sendFromPhone(request);

        ByteBuffer answer = ByteBuffer.wrap(receiveOnPhone().getData(), 0, 44);
        assertThat(answer.getShort(0)).isEqualTo((short) 0x0101);
        assertThat(answer.getShort(20)).as("XOR-MAPPED-ADDRESS").isEqualTo((short) 0x0020);
        int port = (answer.getShort(26) & 0xFFFF) ^ 0x2112;
        int address = answer.getInt(28) ^ 0x2112A442;
        assertThat(port).isEqualTo(phone.getLocalPort());
        assertThat(address).isEqualTo(0x7F000001);
        assertThat(receiver.inbound.poll(200, TimeUnit.MILLISECONDS)).as("STUN is not SIP").isNull();
    }

    @Test
    void flowOfAUdpIdIsItsAddress() {
        assertThat(transports.flow("udp:127.0.0.1:5070")).get()
                .extracting(Flow::remote).isEqualTo(new InetSocketAddress("127.0.0.1", 5070));
        assertThat(transports.flow("udp:[::1]:5070")).get()
                .extracting(Flow::id).isEqualTo("udp:[::1]:5070");
        assertThat(transports.flow("udp:phone.example.com:5070")).as("no DNS lookups").isEmpty();
        assertThat(transports.flow("udp:127.0.0.1:x")).isEmpty();
    }

    @Test
    void sendToAnAddressUsesTheSipPort() throws Exception {
        sendFromPhone(SipTexts.registerBytes(Transport.UDP, "udp-5"));
        SipRequest register = receiver.nextRequest();

        assertThat(transports.send(register, Transport.UDP, (InetSocketAddress) phone.getLocalSocketAddress())).isTrue();

        DatagramPacket forwarded = receiveOnPhone();
        assertThat(forwarded.getPort()).isEqualTo(server.getPort());
        assertThat(text(forwarded)).startsWith("REGISTER sip:telcred.test SIP/2.0\r\n");
    }

    private void sendFromPhone(byte[] bytes) throws IOException {
        phone.send(new DatagramPacket(bytes, bytes.length, server));
    }

    private DatagramPacket receiveOnPhone() throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65_535], 65_535);
        phone.receive(packet);
        return packet;
    }

    private static String text(DatagramPacket packet) {
        return new String(packet.getData(), packet.getOffset(), packet.getLength(), StandardCharsets.UTF_8);
    }
}
