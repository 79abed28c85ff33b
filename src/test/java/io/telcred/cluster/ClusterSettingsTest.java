package io.telcred.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    @Test
    void aNodesSipAddressIsAHostWithOrWithoutAPort() {
        assertThat(ClusterSettings.NODE_SIP_ADDRESS.parse("")).isEmpty();
        assertThat(ClusterSettings.NODE_SIP_ADDRESS.parse(" 10.0.0.7 ")).isEqualTo(Optional.of("10.0.0.7"));
        assertThat(ClusterSettings.NODE_SIP_ADDRESS.parse("node-a.internal:5070")).isEqualTo(Optional.of("node-a.internal:5070"));
        assertThat(ClusterSettings.NODE_SIP_ADDRESS.parse("[fd00::7]:5060")).isEqualTo(Optional.of("[fd00::7]:5060"));
    }

    @Test
    void anythingElseIsRefusedWithWhatItMustBe() {
        assertThatThrownBy(() -> ClusterSettings.NODE_SIP_ADDRESS.parse("sip:10.0.0.7")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> ClusterSettings.NODE_SIP_ADDRESS.parse("10.0.0.7:")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> ClusterSettings.NODE_SIP_ADDRESS.parse("10.0.0.7:70000")).hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> ClusterSettings.NODE_SIP_ADDRESS.parse("10.0.0.7:0")).hasMessageContaining("1 to 65535");
    }
}
