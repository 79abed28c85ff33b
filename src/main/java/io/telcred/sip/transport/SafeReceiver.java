package io.telcred.sip.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a fault in the core from reaching the pipeline: an exception out of the receiver would
 * otherwise close the connection it happened on, and one bad message would end a phone's flow.
 */
final class SafeReceiver implements SipReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(SafeReceiver.class);

    private final SipReceiver receiver;

    SafeReceiver(SipReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void received(Inbound inbound) {
        try {
            receiver.received(inbound);
        } catch (RuntimeException e) {
            LOG.warn("SIP receiver failed on a message from {} ({})", inbound.flow().remote(), inbound.flow().id(), e);
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
