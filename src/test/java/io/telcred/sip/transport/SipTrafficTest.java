package io.telcred.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.telcred.metrics.MeterNames;
import io.telcred.metrics.Metrics;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

/** Requests count by method (an unknown one as {@code other}, so no client adds series), responses by class and direction. */
class SipTrafficTest {

    @Test
    void messagesCountUnderTheirMethodClassAndDirection() {
        try (Metrics metrics = Metrics.prometheus()) {
            SipTraffic traffic = new SipTraffic(metrics);

            traffic.received(new SipRequest("REGISTER", "sip:example.com", null, null));
            traffic.received(new SipRequest("REGISTER", "sip:example.com", null, null));
            traffic.received(new SipRequest("XYZZY", "sip:example.com", null, null));
            traffic.sent(new SipResponse(401, "Unauthorized", null, null));
            traffic.sent(new SipResponse(200, "OK", null, null));
            traffic.received(new SipResponse(486, "Busy Here", null, null));

            MeterRegistry registry = metrics.registry();
            assertThat(count(registry, MeterNames.SIP_REQUESTS, "in", "method", "REGISTER")).isEqualTo(2);
            assertThat(count(registry, MeterNames.SIP_REQUESTS, "in", "method", "other")).isEqualTo(1);
            assertThat(count(registry, MeterNames.SIP_REQUESTS, "out", "method", "REGISTER")).isZero();
            assertThat(count(registry, MeterNames.SIP_RESPONSES, "out", "class", "4xx")).isEqualTo(1);
            assertThat(count(registry, MeterNames.SIP_RESPONSES, "out", "class", "2xx")).isEqualTo(1);
            assertThat(count(registry, MeterNames.SIP_RESPONSES, "in", "class", "4xx")).isEqualTo(1);
            assertThat(registry.find(MeterNames.SIP_REQUESTS).tag("method", "XYZZY").counter()).isNull();
        }
    }

    private static double count(MeterRegistry registry, String name, String direction, String tag, String value) {
        return registry.get(name).tag("direction", direction).tag(tag, value).counter().count();
    }
}
