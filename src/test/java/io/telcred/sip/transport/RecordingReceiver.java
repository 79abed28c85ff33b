package io.telcred.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.sip.message.ParseResult;
import io.telcred.sip.message.SipRequest;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Keeps what the transports deliver, and notes any call that is not on a Netty event loop. */
final class RecordingReceiver implements SipReceiver {

    static final long WAIT_SECONDS = 5;

    final BlockingQueue<Inbound> inbound = new LinkedBlockingQueue<>();
    final BlockingQueue<Flow> closed = new LinkedBlockingQueue<>();
    volatile String offLoopThread;

    @Override
    public void received(Inbound message) {
        checkThread();
        inbound.add(message);
    }

    @Override
    public void flowClosed(Flow flow) {
        checkThread();
        closed.add(flow);
    }

    Inbound next() throws InterruptedException {
        Inbound next = inbound.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(next).as("a message within %d s", WAIT_SECONDS).isNotNull();
        return next;
    }

    /** The next message, which must be a request that parsed. */
    SipRequest nextRequest() throws InterruptedException {
        Inbound next = next();
        assertThat(next.result()).isInstanceOf(ParseResult.Parsed.class);
        return (SipRequest) ((ParseResult.Parsed) next.result()).message();
    }

    ParseResult.Invalid nextInvalid() throws InterruptedException {
        Inbound next = next();
        assertThat(next.result()).isInstanceOf(ParseResult.Invalid.class);
        return (ParseResult.Invalid) next.result();
    }

    Flow nextClosed() throws InterruptedException {
        Flow flow = closed.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(flow).as("a closed flow within %d s", WAIT_SECONDS).isNotNull();
        return flow;
    }

    private void checkThread() {
        String thread = Thread.currentThread().getName();
        if (!thread.startsWith("sip-io") && !thread.startsWith("sip-udp")) {
            offLoopThread = thread;
        }
    }
}
