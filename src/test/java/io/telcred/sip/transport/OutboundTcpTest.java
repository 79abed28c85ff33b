package io.telcred.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.location.Transport;
import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipEncoder;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboundTcpTest {

    private final RecordingReceiver receiver = new RecordingReceiver();
    private SipTransports transports;

    @AfterEach
    void stop() {
        if (transports != null) {
            transports.close();
        }
    }

    @Test
    void sendToAnAddressDialsOnceAndReusesTheConnection() throws Exception {
        start(SipTexts.loopback());
        try (ServerSocket peer = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            InetSocketAddress target = (InetSocketAddress) peer.getLocalSocketAddress();

            assertThat(transports.send(SipTexts.parsedRegister(Transport.TCP, "out-1"), Transport.TCP, target)).isTrue();
            assertThat(transports.send(SipTexts.parsedRegister(Transport.TCP, "out-2"), Transport.TCP, target)).isTrue();

            peer.setSoTimeout(5_000);
            try (Socket accepted = peer.accept()) {
                accepted.setSoTimeout(5_000);
                StreamReader reader = new StreamReader(accepted.getInputStream());
                assertThat(reader.message()).startsWith("REGISTER sip:telcred.test SIP/2.0\r\n").contains("Call-ID: out-1");
                assertThat(reader.message()).contains("Call-ID: out-2");
                peer.setSoTimeout(300);
                assertThatThrownBy(peer::accept).as("one connection for both").isInstanceOf(SocketTimeoutException.class);

                SipRequest sent = SipTexts.parsedRegister(Transport.TCP, "out-1");
                accepted.getOutputStream().write(SipEncoder.encode(SipResponse.to(sent, 200, "OK")));
                Inbound answer = receiver.next();
                assertThat(answer.result()).isInstanceOf(ParseResult.Parsed.class);
                assertThat(answer.flow().transport()).isEqualTo(Transport.TCP);
                assertThat(answer.flow().remote()).isEqualTo(target);
            }
        }
    }

    @Test
    void requestToAPhoneGoesOverTheConnectionItOpened() throws Exception {
        start(SipTexts.loopback());
        try (Socket phone = new Socket(InetAddress.getLoopbackAddress(), transports.port(Transport.TCP))) {
            phone.setSoTimeout(5_000);
            phone.getOutputStream().write(SipTexts.registerBytes(Transport.TCP, "out-3"));
            receiver.next();

            boolean sent = transports.send(SipTexts.parsedRegister(Transport.TCP, "out-4"), Transport.TCP,
                    (InetSocketAddress) phone.getLocalSocketAddress());

            assertThat(sent).isTrue();
            assertThat(new StreamReader(phone.getInputStream()).message()).contains("Call-ID: out-4");
        }
    }

    @Test
    void refusesWhatCannotBeSent() throws Exception {
        start(SipTexts.loopback().withMaxConnections(1));
        SipRequest register = SipTexts.parsedRegister(Transport.TCP, "out-5");

        assertThat(transports.send(register, Transport.TCP, InetSocketAddress.createUnresolved("phone.example.com", 5060)))
                .as("unresolved").isFalse();
        assertThat(transports.send(register, Transport.WSS, TcpTransportTest.loopback(7443))).as("WSS").isFalse();
        try (Socket phone = new Socket(InetAddress.getLoopbackAddress(), transports.port(Transport.TCP))) {
            phone.getOutputStream().write(SipTexts.registerBytes(Transport.TCP, "out-6"));
            receiver.next();
            try (ServerSocket other = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
                assertThat(transports.send(register, Transport.TCP, (InetSocketAddress) other.getLocalSocketAddress()))
                        .as("connection cap reached").isFalse();
            }
        }
    }

    @Test
    void nothingIsSentOnceClosed() {
        start(SipTexts.loopback());
        transports.close();

        SipRequest register = SipTexts.parsedRegister(Transport.UDP, "out-7");
        assertThat(transports.send(register, Transport.UDP, TcpTransportTest.loopback(5060))).isFalse();
        assertThat(transports.send(register, Transport.TCP, TcpTransportTest.loopback(5060))).isFalse();
        transports = null;
    }

    private void start(TransportSettings settings) {
        transports = new SipTransports(settings, receiver);
        transports.start();
    }
}
