package io.telcred.rtc;

import io.telcred.common.ForwardedFor;
import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket at {@code /rtc} as Jetty delivers it: frames in order on Jetty's thread, handed to
 * its connection. Public only because Jetty calls it through method handles.
 */
public final class RtcEndpoint implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(RtcEndpoint.class);

    private final RtcContext context;
    private final ForwardedFor forwarded;
    private RtcConnection connection;

    RtcEndpoint(RtcContext context, ForwardedFor forwarded) {
        this.context = context;
        this.forwarded = forwarded;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        connection = RtcConnection.open(context, new JettySocket(session, forwarded));
    }

    @Override
    public void onWebSocketText(String text) {
        connection.onText(text);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        connection.closeForBinary();
    }

    /** A peer gone without a close frame is everyday traffic: its close follows; nothing to warn about. */
    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("WebRTC socket error: {}", cause.toString());
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (connection != null) {
            connection.onClose();
        }
    }
}
