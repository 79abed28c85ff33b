package io.telcred.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.location.Binding;
import io.telcred.location.Transport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BindingWireTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");

    @Test
    void whatAListingShowsAndARestartNeedsComesBackButTheFlowStaysBehind() {
        Binding phone = new Binding("gencredAbc", "acct-1", 42, "cred-1", "sip:gencredAbc@192.0.2.1:5060", "<urn:uuid:1>",
                1, List.of("<sip:edge>"), Transport.TCP, "192.0.2.1", 5060, "flow-7", "Yealink", "call-1", 3, AT,
                AT.plusSeconds(600));
        Binding browser = new Binding("office", "acct-1", 42, null, "rtc:sess-1", null, 0, List.of(), Transport.WSS,
                "198.51.100.9", 443, null, null, "sess-1", 0, AT, AT.plusSeconds(120));

        List<Binding> back = BindingWire.decode(BindingWire.encode(List.of(phone, browser)));

        assertThat(back).hasSize(2);
        assertThat(back.get(0)).usingRecursiveComparison().comparingOnlyFields("loginName", "accountId", "connectionId",
                "credentialId", "contact", "instanceId", "regId", "path", "transport", "sourcePort", "userAgent",
                "callIdHash", "cseq", "registeredAt", "expiresAt").isEqualTo(phone);
        assertThat(back.get(0).sourceAddress()).isEqualTo("192.0.2.1");
        assertThat(back.get(1).sourceAddress()).isEqualTo("198.51.100.9");
        assertThat(back.get(0).registeredBy("call-1")).isTrue();
        assertThat(back.get(0).key()).isEqualTo(phone.key());
        assertThat(back.get(0).flowId()).isNull();
        assertThat(back.get(1).webRtc()).isTrue();
        assertThat(back.get(1).credentialId()).isNull();
        assertThat(back.get(1).userAgent()).isNull();
    }

    @Test
    void aBindingWrittenWithoutPathNorDialogComesBackWithNone() {
        List<Binding> back = BindingWire.decode("[{\"login\":\"a\",\"account\":\"b\",\"contact\":\"sip:a@192.0.2.1\","
                + "\"transport\":\"UDP\",\"ip\":\"192.0.2.1\",\"port\":5060,\"registered_at\":1,\"expires_at\":2}]");

        assertThat(back.get(0).path()).isEmpty();
        assertThat(back.get(0).callIdFingerprint()).isZero();
        assertThat(back.get(0).cseq()).isZero();
    }

    @Test
    void somethingElseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> BindingWire.decode("{")).hasMessage("not JSON");
        assertThatThrownBy(() -> BindingWire.decode("{}")).hasMessage("not a JSON array");
        assertThatThrownBy(() -> BindingWire.decode("[{\"login\":\"a\",\"account\":\"b\",\"contact\":\"c\",\"transport\":\"X\"}]"))
                .hasMessage("of an unknown transport");
        assertThatThrownBy(() -> BindingWire.decode("[{\"account\":\"b\",\"contact\":\"c\",\"transport\":\"UDP\"}]"))
                .hasMessage("without the text field 'login'");
        assertThatThrownBy(() -> BindingWire.decode("[{\"login\":\"a\",\"account\":\"b\",\"contact\":\"c\",\"transport\":\"UDP\","
                + "\"path\":[7]}]")).hasMessage("with a path that is not text");
    }
}
