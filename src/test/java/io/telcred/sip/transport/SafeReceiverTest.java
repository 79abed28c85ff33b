package io.telcred.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.common.LogContext;
import io.telcred.metrics.Metrics;
import io.telcred.sip.message.SipLimits;
import io.telcred.sip.message.SipParser;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** A message is handled with its Call-ID in the log context of the thread, and the context is cleared after, even on a fault. */
class SafeReceiverTest {

    private static final Flow FLOW = Flow.udp(new InetSocketAddress("127.0.0.1", 5070), new InetSocketAddress("127.0.0.1", 5060));

    private final List<String> seen = new ArrayList<>();

    @Test
    void callIdIsInTheLogContextWhileTheMessageIsHandled() {
        SafeReceiver receiver = new SafeReceiver(inbound -> seen.add(MDC.get(LogContext.CALL_ID)), new SipTraffic(Metrics.none()));

        receiver.received(new Inbound(new SipParser(SipLimits.DEFAULT).parse(options("a84b4c76e66710")), FLOW));

        assertThat(seen).containsExactly("a84b4c76e66710");
        assertThat(MDC.get(LogContext.CALL_ID)).isNull();
    }

    @Test
    void logContextIsClearedAfterAFaultOfTheReceiver() {
        SafeReceiver receiver = new SafeReceiver(inbound -> {
            throw new IllegalStateException("a fault of the core");
        }, new SipTraffic(Metrics.none()));

        receiver.received(new Inbound(new SipParser(SipLimits.DEFAULT).parse(options("b1")), FLOW));

        assertThat(MDC.get(LogContext.CALL_ID)).isNull();
    }

    private static byte[] options(String callId) {
        return ("OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n"
                + "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
