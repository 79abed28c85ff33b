package io.telcred.rtc;

import io.telcred.common.ForwardedFor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** An {@link RtcSocket} over a Jetty WebSocket session. */
final class JettySocket implements RtcSocket {

    private final Session session;
    private final InetAddress address;
    private final int port;

    JettySocket(Session session, ForwardedFor forwarded) {
        this.session = session;
        InetSocketAddress peer = (InetSocketAddress) session.getRemoteSocketAddress();
        this.address = forwarded.client(peer.getAddress(), session.getUpgradeRequest().getHeaders(ForwardedFor.HEADER));
        this.port = peer.getPort();
    }

    @Override
    public void send(String frame) {
        // Jetty queues frames in order; the lock keeps two threads' frames from interleaving their queueing.
        synchronized (this) {
            if (session.isOpen()) {
                session.sendText(frame, Callback.NOOP);
            }
        }
    }

    @Override
    public void close(int code, String reason) {
        session.close(code, reason, Callback.NOOP);
    }

    @Override
    public InetAddress address() {
        return address;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean secure() {
        return session.isSecure();
    }
}
