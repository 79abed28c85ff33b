package io.telcred.rtc;

import io.telcred.common.ForwardedFor;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;

/**
 * The WebSocket endpoint at {@code /rtc}, on Jetty's own WebSocket API rather than the web
 * framework's: a socket then keeps nothing of its upgrade request but what the protocol needs
 * (the framework kept the whole request, and made an HTTP session per socket that outlived it).
 */
final class RtcServlet extends JettyWebSocketServlet {

    private final transient RtcContext context;
    private final transient ForwardedFor forwarded;

    RtcServlet(RtcContext context, ForwardedFor forwarded) {
        this.context = context;
        this.forwarded = forwarded;
    }

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        RtcSettings settings = context.settings();
        factory.setMaxTextMessageSize(settings.maxFrameBytes());
        factory.setMaxBinaryMessageSize(1_024);
        factory.setIdleTimeout(settings.idleTimeout());
        factory.setCreator((request, response) -> new RtcEndpoint(context, forwarded));
    }
}
