package io.telcred.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.directory.Login;
import io.telcred.directory.LoginKind;
import io.telcred.location.InMemoryLocation;
import io.telcred.secret.Ha1Hashes;
import io.telcred.secret.SipSecret;
import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipLimits;
import io.telcred.sip.message.SipParser;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.transport.Flow;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The device limit per login name, also when a user's devices register at the same moment. */
class RegistrarLimitTest {

    private static final int MAX_DEVICES = 3;
    private static final RegistrarSettings SETTINGS = new RegistrarSettings(60, 3600, 600, MAX_DEVICES,
            Duration.ofMinutes(5));
    private static final Login ALICE = new Login(LoginKind.CONNECTION, "alice", "account", 1, null, true, null,
            Ha1Hashes.of(new SipSecret("sealed", "sip.telcred.local", "0".repeat(32), "0".repeat(64))));
    private static final Flow FLOW = Flow.udp(new InetSocketAddress("192.0.2.7", 5060), new InetSocketAddress("127.0.0.1", 5060));

    private static final AtomicInteger CSEQ = new AtomicInteger();

    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aDeviceOverTheLimitIsRefusedAndChangesNothing() {
        InMemoryLocation location = new InMemoryLocation(Clock.systemUTC());
        Registrar registrar = new Registrar(location, SETTINGS, Clock.systemUTC());
        for (int device = 0; device < MAX_DEVICES; device++) {
            assertThat(registrar.register(register(device), FLOW, ALICE).status()).isEqualTo(200);
        }
        SipResponse refused = registrar.register(register(MAX_DEVICES), FLOW, ALICE);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.reason()).isEqualTo("Too many registrations");
        assertThat(location.bindings("alice")).hasSize(MAX_DEVICES);
        // A device already registered may still refresh.
        assertThat(registrar.register(register(0), FLOW, ALICE).status()).isEqualTo(200);
    }

    @Test
    void devicesRegisteringAtOnceNeverPassTheLimit() throws Exception {
        int devices = 8;
        for (int round = 0; round < 200; round++) {
            InMemoryLocation location = new InMemoryLocation(Clock.systemUTC());
            Registrar registrar = new Registrar(location, SETTINGS, Clock.systemUTC());
            CyclicBarrier start = new CyclicBarrier(devices);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int device = 0; device < devices; device++) {
                SipRequest request = register(device);
                answers.add(threads.submit(() -> {
                    start.await();
                    return registrar.register(request, FLOW, ALICE).status();
                }));
            }
            int accepted = 0;
            for (Future<Integer> answer : answers) {
                accepted += answer.get() == 200 ? 1 : 0;
            }
            assertThat(accepted).as("round %d", round).isEqualTo(MAX_DEVICES);
            assertThat(location.bindings("alice")).as("round %d", round).hasSize(MAX_DEVICES);
        }
    }

    private static SipRequest register(int device) {
        String text = "REGISTER sip:sip.telcred.local SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK-" + device + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@sip.telcred.local>;tag=t" + device + "\r\n"
                + "To: <sip:alice@sip.telcred.local>\r\n"
                + "Call-ID: device-" + device + "\r\n"
                + "CSeq: " + CSEQ.incrementAndGet() + " REGISTER\r\n"
                + "Contact: <sip:alice@192.0.2.7:" + (6000 + device) + ">\r\n"
                + "Expires: 600\r\n"
                + "Content-Length: 0\r\n\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        ParseResult result = new SipParser(SipLimits.DEFAULT).parse(bytes, 0, bytes.length);
        return (SipRequest) ((ParseResult.Parsed) result).message();
    }
}
