package io.telcred.sip.transport;

import io.telcred.common.LogContext;
import io.telcred.sip.message.ParseResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a fault in the core from reaching the pipeline: an exception out of the receiver would
 * otherwise close the connection it happened on, and one bad message would end a phone's flow.
 * Every message that parsed is counted here, and handled with its Call-ID in the log context.
 */
final class SafeReceiver implements SipReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(SafeReceiver.class);

    private final SipReceiver receiver;
    private final SipTraffic traffic;

    SafeReceiver(SipReceiver receiver, SipTraffic traffic) {
        this.receiver = receiver;
        this.traffic = traffic;
    }

    @Override
    public void received(Inbound inbound) {
        String callId = null;
        if (inbound.result() instanceof ParseResult.Parsed parsed) {
            traffic.received(parsed.message());
            callId = parsed.message().callId();
        }
        try (LogContext.Scope scope = LogContext.with(LogContext.CALL_ID, callId)) {
            try {
                receiver.received(inbound);
            } catch (RuntimeException e) {
                LOG.warn("SIP receiver failed on a message from {} ({})", inbound.flow().remote(), inbound.flow().id(), e);
            }
        }
    }

    @Override
    public void flowClosed(Flow flow) {
        try {
            receiver.flowClosed(flow);
        } catch (RuntimeException e) {
            LOG.warn("SIP receiver failed on the close of flow {}", flow.id(), e);
        }
    }
}
