package io.telcred.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.location.Transport;
import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTransportTest {

    @TempDir
    Path folder;

    private final RecordingReceiver receiver = new RecordingReceiver();
    private TrustedCertificate certificate;
    private SipTransports transports;

    @BeforeEach
    void start() {
        certificate = new TrustedCertificate(folder);
        transports = new SipTransports(SipTexts.loopback()
                .withPorts(0, 0, 0, TransportSettings.DISABLED, TransportSettings.DISABLED)
                .withTls(certificate.certificate, certificate.privateKey)
                .withTlsClientTrustAll(true), receiver);
        transports.start();
    }

    @AfterEach
    void stop() {
        transports.close();
    }

    @Test
    void jdkClientTrustingTheDevelopmentCertificateExchangesMessages() throws Exception {
        try (SSLSocket phone = (SSLSocket) certificate.clientContext().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), transports.port(Transport.TLS))) {
            SSLParameters parameters = phone.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name 127.0.0.1
            phone.setSSLParameters(parameters);
            phone.setSoTimeout(5_000);
            phone.getOutputStream().write(SipTexts.registerBytes(Transport.TLS, "tls-1"));
            phone.getOutputStream().flush();

            Inbound inbound = receiver.next();
            SipRequest register = (SipRequest) ((ParseResult.Parsed) inbound.result()).message();
            assertThat(inbound.flow().transport()).isEqualTo(Transport.TLS);
            assertThat(inbound.flow().secure()).isTrue();
            assertThat(inbound.flow().id()).startsWith("tls-");
            assertThat(transports.send(SipResponse.to(register, 200, "OK"), inbound.flow())).isTrue();

            assertThat(new StreamReader(phone.getInputStream()).message())
                    .startsWith("SIP/2.0 200 OK\r\n").contains("Call-ID: tls-1");
        }
    }

    @Test
    void crlfPingIsAnsweredOverTls() throws Exception {
        try (SSLSocket phone = (SSLSocket) certificate.clientContext().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), transports.port(Transport.TLS))) {
            phone.setSoTimeout(5_000);
            phone.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            phone.getOutputStream().flush();

            assertThat(new StreamReader(phone.getInputStream()).bytes(2)).isEqualTo("\r\n");
        }
    }

    @Test
    void dialsTlsWhenToldToTrustAnyCertificate() throws Exception {
        InetSocketAddress ownTlsPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), transports.port(Transport.TLS));
        SipRequest register = SipTexts.parsedRegister(Transport.TLS, "tls-2");

        assertThat(transports.send(register, Transport.TLS, ownTlsPort)).isTrue();

        Inbound arrived = receiver.next();
        assertThat(((ParseResult.Parsed) arrived.result()).message().callId()).isEqualTo("tls-2");
        assertThat(arrived.flow().transport()).isEqualTo(Transport.TLS);
    }

    @Test
    void tlsIsOffWithoutACertificate() {
        SipTransports plain = new SipTransports(SipTexts.loopback()
                .withPorts(0, 0, 0, TransportSettings.DISABLED, 0), receiver);
        try {
            plain.start();
            assertThat(plain.port(Transport.TLS)).isEqualTo(-1);
            assertThat(plain.port(Transport.WSS)).isEqualTo(-1);
            assertThat(plain.port(Transport.TCP)).isPositive();
        } finally {
            plain.close();
        }
    }
}
