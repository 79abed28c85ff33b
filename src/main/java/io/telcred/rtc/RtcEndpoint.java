package io.telcred.rtc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.messages.MessageSink;
import org.eclipse.jetty.websocket.core.messages.StringMessageSink;
import org.eclipse.jetty.websocket.core.util.MethodHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket at {@code /rtc} on Jetty's core WebSocket API: frames in order on Jetty's thread,
 * text messages joined by Jetty's own sink (which enforces the size limit and UTF-8) and handed
 * to the socket's connection. The core API, unlike Jetty's endpoint API, keeps no copy of the
 * upgrade request and response, which held the whole HTTP exchange (its connection, parser,
 * fields and servlet objects) for as long as the socket lived.
 */
final class RtcEndpoint implements FrameHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RtcEndpoint.class);
    private static final MethodHandle ON_TEXT;

    static {
        try {
            ON_TEXT = MethodHandles.lookup().findVirtual(RtcEndpoint.class, "onText",
                    MethodType.methodType(void.class, String.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final RtcContext context;
    private final InetAddress address;
    private final int port;
    private CoreSession session;
    private RtcConnection connection;
    private MessageSink text;
    /** Within a fragmented binary message, whose continuations are dropped too. */
    private boolean binary;

    RtcEndpoint(RtcContext context, InetAddress address, int port) {
        this.context = context;
        this.address = address;
        this.port = port;
    }

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        session = coreSession;
        text = new StringMessageSink(coreSession, MethodHolder.from(ON_TEXT.bindTo(this)), true);
        connection = RtcConnection.open(context, new JettySocket(coreSession, address, port));
        callback.succeeded();
        coreSession.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        switch (frame.getOpCode()) {
            case OpCode.TEXT -> text.accept(frame, callback);
            case OpCode.CONTINUATION -> {
                if (binary) {
                    binary = !frame.isFin();
                    done(callback);
                } else {
                    text.accept(frame, callback);
                }
            }
            case OpCode.BINARY -> {
                binary = !frame.isFin();
                done(callback);
                connection.closeForBinary();
            }
            case OpCode.PING -> session.sendFrame(new Frame(OpCode.PONG).setPayload(BufferUtil.copy(frame.getPayload())),
                    Callback.from(() -> done(callback), callback::failed), false);
            // A close frame is answered by Jetty once it is handed back; nothing more is read after it.
            case OpCode.CLOSE -> callback.succeeded();
            default -> done(callback);
        }
    }

    /** A peer gone without a close frame is everyday traffic: its close follows; nothing to warn about. */
    @Override
    public void onError(Throwable cause, Callback callback) {
        LOG.debug("WebRTC socket error: {}", cause.toString());
        if (text != null) {
            text.fail(cause);
        }
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        // Null when the socket failed before it opened.
        if (connection != null) {
            connection.onClose();
        }
        callback.succeeded();
    }

    /** A whole text message (called by the sink). */
    private void onText(String message) {
        connection.onText(message);
    }

    private void done(Callback callback) {
        callback.succeeded();
        session.demand();
    }
}
