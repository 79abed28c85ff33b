package io.telcred.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.location.Transport;
import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipEncoder;
import io.telcred.sip.message.SipHeaders;
import io.telcred.sip.message.SipLimits;
import io.telcred.sip.message.SipMessage;
import io.telcred.sip.message.SipParser;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.transport.Addressing;
import io.telcred.sip.transport.Flow;
import io.telcred.sip.transport.Inbound;
import io.telcred.sip.transport.NextHop;
import io.telcred.sip.transport.SipReceiver;
import io.telcred.sip.transport.SipTransports;
import io.telcred.sip.transport.TransportSettings;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client transaction against a next hop that is a plain UDP socket, with T1 of 20 ms. */
class ClientTransactionTest {

    private static final SipTimers TIMERS = new SipTimers(20);

    private final SipTimer timer = new SipTimer();
    private final Answers answers = new Answers();
    private SipTransports transports;
    private ClientTransactions transactions;
    private DatagramSocket callee;

    @BeforeEach
    void start() throws Exception {
        TransportSettings settings = new TransportSettings("127.0.0.1", 0, TransportSettings.DISABLED,
                TransportSettings.DISABLED, TransportSettings.DISABLED, TransportSettings.DISABLED, null, null,
                SipLimits.DEFAULT, Duration.ofMinutes(1), 100, 1);
        transports = new SipTransports(settings, new SipReceiver() {
            @Override
            public void received(Inbound inbound) {
                if (inbound.result() instanceof ParseResult.Parsed parsed && parsed.message() instanceof SipResponse response) {
                    transactions.received(response);
                }
            }

            @Override
            public void flowClosed(Flow flow) {
            }
        });
        transports.start();
        transactions = new ClientTransactions(transports, new Addressing("127.0.0.1", "sip.example.test", transports,
                Set.of("127.0.0.1")), timer, TIMERS);
        callee = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        callee.setSoTimeout(2_000);
    }

    @AfterEach
    void stop() {
        callee.close();
        transports.close();
        timer.stop();
    }

    @Test
    void anInviteIsResentUntilItRingsAndACancelWaitsForTheRinging() throws Exception {
        ClientTransaction invite = transactions.create(request("INVITE"), hop(), answers);
        invite.start();
        invite.cancel();
        SipRequest first = receive();
        SipRequest again = receive();
        assertThat(again.headers().first("Via")).as("Timer A resends the same request").isEqualTo(first.headers().first("Via"));
        assertThat(first.headers().first("Via")).contains("branch=" + TransactionKey.MAGIC_COOKIE);

        answer(first, 180, "Ringing");
        SipRequest cancel = receiveMethod("CANCEL");
        assertThat(cancel.headers().first("Via")).isEqualTo(first.headers().first("Via"));
        assertThat(cancel.cseq().number()).isEqualTo(first.cseq().number());
        assertThat(answers.next().status()).isEqualTo(180);

        answer(first, 487, "Request Terminated");
        SipRequest ack = receiveMethod("ACK");
        assertThat(ack.headers().first("Via")).isEqualTo(first.headers().first("Via"));
        assertThat(ack.to().tag()).isEqualTo("callee");
        assertThat(answers.next().status()).isEqualTo(487);
        assertThat(invite.completed()).isTrue();

        answer(first, 487, "Request Terminated");
        assertThat(receiveMethod("ACK").method()).as("a retransmitted failure is acknowledged again").isEqualTo("ACK");
        assertThat(answers.poll()).as("the owner hears the final answer once").isNull();
    }

    @Test
    void aRequestNobodyAnswersEndsWith408AfterItsRetransmissions() throws Exception {
        ClientTransaction message = transactions.create(request("MESSAGE"), hop(), answers);
        message.start();
        int sent = 0;
        while (receiveOrNull() != null) {
            sent++;
        }
        SipResponse timeout = answers.next();
        assertThat(timeout.status()).isEqualTo(408);
        // 64·T1 = 1.28 s at intervals of 20, 40, 80, 160, 160...: the first send and about nine more.
        assertThat(sent).isBetween(6, 12);
        assertThat(message.completed()).isTrue();
    }

    @Test
    void aProvisionalAnswerToANonInviteKeepsTimerF() throws Exception {
        ClientTransaction message = transactions.create(request("MESSAGE"), hop(), answers);
        message.start();
        answer(receive(), 100, "Trying");
        assertThat(answers.next().status()).isEqualTo(100);
        assertThat(answers.next().status()).as("no final answer comes: Timer F still ends it").isEqualTo(408);
    }

    @Test
    void aNextHopThatCannotBeReachedAnswers480AtOnce() throws Exception {
        NextHop gone = new NextHop(Transport.TCP, "tcp:no-such-connection", new InetSocketAddress("127.0.0.1", 9));
        ClientTransaction invite = transactions.create(request("INVITE"), gone, answers);
        invite.start();
        assertThat(answers.next().status()).isEqualTo(480);
        assertThat(transactions.size()).as("nothing lingers for a stream").isZero();
    }

    @Test
    void furtherSuccessesToAnInviteAreHeardAfterTheFirst() throws Exception {
        ClientTransaction invite = transactions.create(request("INVITE"), hop(), answers);
        invite.start();
        SipRequest sent = receive();
        answer(sent, 200, "OK");
        assertThat(answers.next().status()).isEqualTo(200);
        answer(sent, 200, "OK");
        assertThat(answers.anotherSuccess.poll(2, TimeUnit.SECONDS)).isNotNull();
        assertThat(receiveOrNull()).as("a 2xx is acknowledged end to end, not by the transaction").isNull();
    }

    private NextHop hop() {
        return new NextHop(Transport.UDP, null, (InetSocketAddress) callee.getLocalSocketAddress());
    }

    private static SipRequest request(String method) {
        SipHeaders headers = new SipHeaders();
        headers.add("Max-Forwards", "70");
        headers.add("From", "<sip:alice@sip.example.test>;tag=caller");
        headers.add("To", "<sip:bob@sip.example.test>");
        headers.add("Call-ID", "call-" + method + "@test");
        headers.add("CSeq", "7 " + method);
        headers.add("Content-Length", "0");
        return new SipRequest(method, "sip:bob@127.0.0.1", headers, new byte[0]);
    }

    private void answer(SipRequest request, int status, String reason) throws Exception {
        SipResponse response = SipResponse.to(request, status, reason);
        if (status > 100) {
            response.toTag("callee");
        }
        send(response);
    }

    private void send(SipMessage message) throws Exception {
        byte[] bytes = SipEncoder.encode(message);
        callee.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), transports.port(Transport.UDP)));
    }

    private SipRequest receiveMethod(String method) throws Exception {
        SipRequest request;
        do {
            request = receive();
        } while (!request.method().equals(method));
        return request;
    }

    private SipRequest receive() throws Exception {
        SipRequest request = receiveOrNull();
        assertThat(request).as("a request within 2 s").isNotNull();
        return request;
    }

    private SipRequest receiveOrNull() throws Exception {
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            callee.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        byte[] bytes = java.util.Arrays.copyOf(buffer, packet.getLength());
        return (SipRequest) ((ParseResult.Parsed) new SipParser(SipLimits.DEFAULT).parse(bytes)).message();
    }

    /** What the owner hears. */
    private static final class Answers implements ClientTransaction.Listener {

        final BlockingQueue<SipResponse> heard = new LinkedBlockingQueue<>();
        final BlockingQueue<SipResponse> anotherSuccess = new LinkedBlockingQueue<>();

        @Override
        public void provisional(ClientTransaction transaction, SipResponse response) {
            heard.add(response);
        }

        @Override
        public void completed(ClientTransaction transaction, SipResponse response) {
            heard.add(response);
        }

        @Override
        public void anotherSuccess(ClientTransaction transaction, SipResponse response) {
            anotherSuccess.add(response);
        }

        SipResponse next() throws InterruptedException {
            SipResponse next = heard.poll(3, TimeUnit.SECONDS);
            assertThat(next).as("an answer within 3 s").isNotNull();
            return next;
        }

        SipResponse poll() throws InterruptedException {
            return heard.poll(300, TimeUnit.MILLISECONDS);
        }
    }
}
