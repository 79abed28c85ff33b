package io.telcred.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.sip.message.SipLimits;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransportSettingsTest {

    @Test
    void defaultsAreTheStandardPortsWithoutTls() {
        TransportSettings defaults = TransportSettings.defaults();

        assertThat(defaults.udpPort()).isEqualTo(5060);
        assertThat(defaults.tcpPort()).isEqualTo(5060);
        assertThat(defaults.tlsPort()).isEqualTo(5061);
        assertThat(defaults.wsPort()).isEqualTo(5066);
        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.maxConnections()).isEqualTo(10_000);
        assertThat(defaults.tlsConfigured()).isFalse();
        assertThat(defaults.tlsClientTrustAll()).isFalse();
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> TransportSettings.defaults().withPorts(-2, 0, 0, 0, 0))
                .hasMessageContaining("udpPort");
        assertThatThrownBy(() -> TransportSettings.defaults().withPorts(0, 65_536, 0, 0, 0))
                .hasMessageContaining("tcpPort");
        assertThatThrownBy(() -> TransportSettings.defaults().withTls(Path.of("cert.pem"), null))
                .hasMessageContaining("both a certificate and a private key");
        assertThatThrownBy(() -> TransportSettings.defaults().withIdleTimeout(Duration.ZERO))
                .hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> TransportSettings.defaults().withMaxConnections(0))
                .hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> new TransportSettings("0.0.0.0", 0, 0, 0, 0, 0, null, null, SipLimits.DEFAULT,
                Duration.ofMinutes(1), 1, -1)).hasMessageContaining("workerThreads");
        assertThatThrownBy(() -> TransportSettings.defaults().withUdpThreads(-1)).hasMessageContaining("udpThreads");
    }

    @Test
    void bindFailureNamesTheTransportAndAddress() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            SipTransports transports = new SipTransports(SipTexts.loopback()
                    .withPorts(TransportSettings.DISABLED, taken.getLocalPort(), TransportSettings.DISABLED,
                            TransportSettings.DISABLED, TransportSettings.DISABLED), new RecordingReceiver());

            assertThatThrownBy(transports::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("TCP").hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
            transports.close();
        }
    }
}
