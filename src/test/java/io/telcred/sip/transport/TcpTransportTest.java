package io.telcred.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.location.Transport;
import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipLimits;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpTransportTest {

    private final RecordingReceiver receiver = new RecordingReceiver();
    private final List<Socket> sockets = new ArrayList<>();
    private SipTransports transports;

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (transports != null) {
            transports.close();
        }
    }

    @Test
    void twoMessagesInOneWriteArriveAsTwoOnOneFlow() throws Exception {
        start(SipTexts.loopback());
        Socket phone = connect();

        write(phone, SipTexts.register(Transport.TCP, "tcp-1") + SipTexts.register(Transport.TCP, "tcp-2"));

        Inbound first = receiver.next();
        Inbound second = receiver.next();
        assertThat(((ParseResult.Parsed) first.result()).message().callId()).isEqualTo("tcp-1");
        assertThat(((ParseResult.Parsed) second.result()).message().callId()).isEqualTo("tcp-2");
        assertThat(first.flow()).isEqualTo(second.flow());
        assertThat(first.flow().transport()).isEqualTo(Transport.TCP);
        assertThat(first.flow().id()).startsWith("tcp-");
        assertThat(first.flow().remote()).isEqualTo(phone.getLocalSocketAddress());
        assertThat(first.flow().connectionOriented()).isTrue();
        assertThat(receiver.offLoopThread).isNull();
    }

    @Test
    void messageSplitOverManyWritesArrivesWhole() throws Exception {
        start(SipTexts.loopback());
        Socket phone = connect();
        String register = SipTexts.register(Transport.TCP, "tcp-3");

        for (int i = 0; i < register.length(); i += 17) {
            write(phone, register.substring(i, Math.min(register.length(), i + 17)));
            Thread.sleep(2);
        }

        assertThat(receiver.nextRequest().callId()).isEqualTo("tcp-3");
    }

    @Test
    void doubleCrlfPingIsAnsweredWithOneCrlf() throws Exception {
        start(SipTexts.loopback());
        Socket phone = connect();

        write(phone, "\r\n\r\n");

        assertThat(new StreamReader(phone.getInputStream()).bytes(2)).isEqualTo("\r\n");
        assertThat(receiver.inbound).isEmpty();
    }

    @Test
    void answerOverTheFlowReachesThePhone() throws Exception {
        start(SipTexts.loopback());
        Socket phone = connect();
        write(phone, SipTexts.register(Transport.TCP, "tcp-4"));
        Inbound inbound = receiver.next();
        SipRequest register = (SipRequest) ((ParseResult.Parsed) inbound.result()).message();

        assertThat(transports.send(SipResponse.to(register, 200, "OK"), inbound.flow())).isTrue();

        assertThat(new StreamReader(phone.getInputStream()).message())
                .startsWith("SIP/2.0 200 OK\r\n").contains("Call-ID: tcp-4");
        assertThat(transports.flow(inbound.flow().id())).contains(inbound.flow());
    }

    @Test
    void framingErrorIsAnswered400ThenTheConnectionCloses() throws Exception {
        start(SipTexts.loopback());
        Socket phone = connect();

        write(phone, SipTexts.register(Transport.TCP, "tcp-5").replace("Content-Length: 0", "Content-Length: lots"));

        StreamReader reader = new StreamReader(phone.getInputStream());
        assertThat(reader.message()).startsWith("SIP/2.0 400 Bad Request").contains("Call-ID: tcp-5");
        assertThat(reader.closed()).isTrue();
        assertThat(receiver.nextInvalid().partial().callId()).isEqualTo("tcp-5");
        receiver.nextClosed();
    }

    @Test
    void messageOverTheLimitIsAnswered513ThenTheConnectionCloses() throws Exception {
        start(SipTexts.loopback().withLimits(new SipLimits(2_000, 64, 1_000)));
        Socket phone = connect();

        write(phone, SipTexts.register(Transport.TCP, "tcp-12").replace("Content-Length: 0", "Content-Length: 5000"));

        StreamReader reader = new StreamReader(phone.getInputStream());
        assertThat(reader.message()).startsWith("SIP/2.0 513 Message Too Large").contains("Call-ID: tcp-12");
        assertThat(reader.closedAfterReading()).isTrue();
        assertThat(receiver.nextInvalid().status()).isEqualTo(513);
    }

    @Test
    void invalidMessageWithIntactFramingIsAnsweredAndTheConnectionStays() throws Exception {
        start(SipTexts.loopback());
        Socket phone = connect();

        write(phone, SipTexts.register(Transport.TCP, "tcp-13").replace("CSeq: 1 REGISTER", "CSeq: 1 INVITE"));

        StreamReader reader = new StreamReader(phone.getInputStream());
        assertThat(reader.message()).startsWith("SIP/2.0 400 Bad Request").contains("Call-ID: tcp-13");
        assertThat(receiver.nextInvalid().partial().callId()).isEqualTo("tcp-13");
        write(phone, SipTexts.register(Transport.TCP, "tcp-14"));
        assertThat(receiver.nextRequest().callId()).isEqualTo("tcp-14");
    }

    @Test
    void framingErrorWithoutAnAddressableRequestJustCloses() throws Exception {
        start(SipTexts.loopback());
        Socket phone = connect();

        write(phone, "GARBAGE\r\nContent-Length: lots\r\n\r\n");

        assertThat(new StreamReader(phone.getInputStream()).closed()).isTrue();
        receiver.nextClosed();
    }

    @Test
    void idleConnectionIsClosed() throws Exception {
        start(SipTexts.loopback().withIdleTimeout(Duration.ofMillis(300)));
        Socket phone = connect();
        write(phone, SipTexts.register(Transport.TCP, "tcp-6"));
        Flow flow = receiver.next().flow();

        assertThat(new StreamReader(phone.getInputStream()).closed()).isTrue();
        assertThat(receiver.nextClosed()).isEqualTo(flow);
    }

    @Test
    void closedFlowIsReportedAndCanNoLongerBeUsed() throws Exception {
        start(SipTexts.loopback());
        Socket phone = connect();
        write(phone, SipTexts.register(Transport.TCP, "tcp-7"));
        Inbound inbound = receiver.next();
        SipRequest register = (SipRequest) ((ParseResult.Parsed) inbound.result()).message();

        phone.close();

        assertThat(receiver.nextClosed()).isEqualTo(inbound.flow());
        assertThat(transports.send(SipResponse.to(register, 200, "OK"), inbound.flow())).isFalse();
        assertThat(transports.flow(inbound.flow().id())).isEmpty();
        assertThat(receiver.offLoopThread).isNull();
    }

    @Test
    void connectionsBeyondTheCapAreClosed() throws Exception {
        start(SipTexts.loopback().withMaxConnections(2));
        Socket first = connect();
        Socket second = connect();
        write(first, SipTexts.register(Transport.TCP, "tcp-8"));
        write(second, SipTexts.register(Transport.TCP, "tcp-9"));
        receiver.next();
        receiver.next();

        Socket third = connect();

        assertThat(new StreamReader(third.getInputStream()).closed()).isTrue();
        assertThat(transports.openConnections()).isEqualTo(2);
        second.close();
        receiver.nextClosed();
        Socket fourth = connect();
        write(fourth, SipTexts.register(Transport.TCP, "tcp-10"));
        assertThat(receiver.nextRequest().callId()).as("room again once one closed").isEqualTo("tcp-10");
    }

    @Test
    void closingTheTransportsClosesTheFlows() throws Exception {
        start(SipTexts.loopback());
        Socket phone = connect();
        write(phone, SipTexts.register(Transport.TCP, "tcp-11"));
        Flow flow = receiver.next().flow();

        transports.close();

        assertThat(receiver.nextClosed()).isEqualTo(flow);
        assertThat(new StreamReader(phone.getInputStream()).closed()).isTrue();
        transports = null;
    }

    private void start(TransportSettings settings) {
        transports = new SipTransports(settings, receiver);
        transports.start();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), transports.port(Transport.TCP));
        socket.setSoTimeout(5_000);
        sockets.add(socket);
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
