package io.telcred.rtc;

import java.net.InetAddress;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/** An {@link RtcSocket} over a Jetty core WebSocket session. */
final class JettySocket implements RtcSocket {

    private final CoreSession session;
    private final InetAddress address;
    private final int port;

    JettySocket(CoreSession session, InetAddress address, int port) {
        this.session = session;
        this.address = address;
        this.port = port;
    }

    @Override
    public void send(String frame) {
        // Jetty queues frames in order; the lock keeps two threads' frames from interleaving their queueing.
        synchronized (this) {
            if (session.isOutputOpen()) {
                session.sendFrame(new Frame(OpCode.TEXT, frame), Callback.NOOP, false);
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
