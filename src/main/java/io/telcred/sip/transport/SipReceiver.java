package io.telcred.sip.transport;

/**
 * Where {@link SipTransports} hands what arrives. Both methods are called on a Netty event loop
 * thread: the one that owns the connection (so the calls for one flow are in order and never
 * concurrent), and for UDP the one thread that reads the SIP datagram socket. An implementation must
 * not block, not even briefly: no database, no lock held by a slow thread, no waiting on a future.
 * Work that may block goes to another executor, and its answer goes out with
 * {@link SipTransports#send(io.telcred.sip.message.SipMessage, Flow)}, which any thread may call.
 * An exception thrown here is logged and the flow stays open.
 */
public interface SipReceiver {

    /** A message, valid or not, arrived on {@code inbound.flow()}. */
    void received(Inbound inbound);

    /** The connection of a TCP, TLS, WS or WSS flow closed, from either side; sends over it now fail. */
    default void flowClosed(Flow flow) {
    }
}
