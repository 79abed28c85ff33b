package io.telcred.rtc;

import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.Gauge;
import io.telcred.auth.AuthOutcome;
import io.telcred.auth.LoginAuthenticator;
import io.telcred.call.Call;
import io.telcred.call.CallReach;
import io.telcred.call.CustomHeader;
import io.telcred.call.Calls;
import io.telcred.call.HangupCause;
import io.telcred.call.LegSignals;
import io.telcred.call.Party;
import io.telcred.common.ForwardedFor;
import io.telcred.common.Ids;
import io.telcred.event.DomainEvent;
import io.telcred.event.DomainEvents;
import io.telcred.location.Location;
import io.telcred.metrics.CounterFamily;
import io.telcred.metrics.MeterNames;
import io.telcred.metrics.Metrics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;

/**
 * The WebRTC signaling door: the Telnyx-RTC JSON-RPC protocol over WebSocket at {@code /rtc} on
 * the HTTP server, so that the Telnyx WebRTC SDKs log in with a credential or a login token and
 * call. It rings its sessions for the call model, and ends the sessions of a revoked login at once.
 */
public final class RtcDoor implements CallReach, AutoCloseable {

    public static final String PATH = "/rtc";

    private final RtcContext context;
    private final ForwardedFor forwarded;
    private final ScheduledExecutorService timer;

    public RtcDoor(RtcSettings settings, LoginAuthenticator authenticator, Calls calls, Location location,
                   DomainEvents events, ForwardedFor forwarded, Clock clock, Metrics metrics) {
        this.forwarded = forwarded;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "rtc-timer");
            thread.setDaemon(true);
            return thread;
        });
        // Most login timers are cancelled by the login a moment later: they must not wait out their delay in the queue.
        timer.setRemoveOnCancelPolicy(true);
        this.timer = timer;
        RtcSessions sessions = new RtcSessions(location, settings, timer, clock);
        this.context = new RtcContext(settings, authenticator, calls, sessions,
                new AddressCounts(settings.unauthenticatedPerAddress()), timer,
                new CounterFamily(metrics, MeterNames.AUTHENTICATIONS, "judged logins by outcome", "outcome",
                        AuthOutcome.KINDS, "door", "rtc"));
        Gauge.builder(MeterNames.RTC_SESSIONS, sessions, RtcSessions::size).description("WebRTC sessions logged in")
                .register(metrics.registry());
        calls.addReach(this);
        events.subscribe(this::onEvent);
    }

    /**
     * Puts the endpoint in front of the HTTP server's handlers, on Jetty's core WebSocket API: an
     * upgrade then never reaches the framework's servlet context (no servlet request, response or
     * HTTP session is made for it), and an upgraded socket keeps nothing of its HTTP exchange.
     */
    public void install(JavalinConfig config) {
        RtcSettings settings = context.settings();
        config.jetty.modifyServer(server -> {
            WebSocketUpgradeHandler upgrades = new WebSocketUpgradeHandler(WebSocketServerComponents.ensureWebSocketComponents(server));
            Configuration limits = upgrades.getConfiguration();
            limits.setMaxFrameSize(settings.maxFrameBytes());
            limits.setMaxTextMessageSize(settings.maxFrameBytes());
            limits.setMaxBinaryMessageSize(1_024);
            limits.setIdleTimeout(settings.idleTimeout());
            upgrades.addMapping(PATH, (request, response, callback) -> {
                InetSocketAddress peer = (InetSocketAddress) request.getConnectionMetaData().getRemoteSocketAddress();
                InetAddress client = forwarded.client(peer.getAddress(), request.getHeaders().getValuesList(ForwardedFor.HEADER));
                return new RtcEndpoint(context, client, peer.getPort());
            });
            // Before the framework's own wrapper, inside which it puts its servlet context when it starts.
            upgrades.setHandler(server.getHandler());
            server.setHandler(upgrades);
        });
    }

    /**
     * The Telnyx-RTC invite to a client has no place for custom headers: they are not passed on. The
     * other nodes' sessions are reached through the SIP door's calls between nodes.
     */
    @Override
    public List<LegSignals> legsFor(Party callee, Call call, List<CustomHeader> headers, List<String> otherNodes) {
        List<LegSignals> legs = new ArrayList<>();
        for (RtcSession session : context.sessions().of(callee.loginName())) {
            if (session.detached() || session.ended() || callerSession(call) == session) {
                continue;
            }
            RtcLeg leg = new RtcLeg(session, Ids.uuid());
            session.addLeg(leg);
            legs.add(leg);
        }
        return legs;
    }

    @Override
    public boolean reaches(Party callee) {
        return context.sessions().of(callee.loginName()).stream().anyMatch(session -> !session.detached() && !session.ended());
    }

    /**
     * Closes every logged-in session's socket with {@code status} and {@code reason}, without
     * logging it out: the SDK reconnects (to another node, or to this one once restarted) and
     * logs in again.
     */
    public void closeSockets(int status, String reason) {
        for (RtcSession session : context.sessions().matching(session -> true)) {
            RtcSocket socket = session.socket();
            if (socket != null) {
                socket.close(status, reason);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void onEvent(DomainEvent event) {
        if (event instanceof DomainEvent.LoginChanged changed && changed.revoked()) {
            context.sessions().of(changed.loginName()).forEach(this::punt);
        } else if (event instanceof DomainEvent.ConnectionChanged changed && changed.revoked()) {
            context.sessions().matching(s -> s.login().connectionId() == changed.connectionId()).forEach(this::punt);
        } else if (event instanceof DomainEvent.ChangesMissed) {
            context.sessions().matching(session -> !session.ended()).forEach(this::recheck);
        }
    }

    /** Punts a session whose login the store no longer lets in; a store that cannot answer ends nothing. */
    private void recheck(RtcSession session) {
        context.authenticator().stillMayLogIn(session.login().loginName()).thenAccept(may -> {
            if (!may) {
                punt(session);
            }
        });
    }

    /** Tells the client it is logged out (so it does not reconnect), then closes its socket. */
    private void punt(RtcSession session) {
        session.request("telnyx_rtc.punt", Frames.object());
        RtcSocket socket = context.sessions().end(session, HangupCause.NORMAL_CLEARING);
        if (socket != null) {
            socket.close(1000, "logged out");
        }
    }

    private static RtcSession callerSession(Call call) {
        return call.callerLeg() instanceof RtcLeg leg ? leg.session() : null;
    }

}
