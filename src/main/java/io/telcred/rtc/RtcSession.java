package io.telcred.rtc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.directory.Login;
import io.telcred.location.Transport;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A logged-in WebRTC client: its login, its calls by the ids the browser knows them by, and the
 * socket it speaks over now. The session outlives a dropped socket for the resume window: what
 * it is sent meanwhile is kept (up to {@link #MAX_HELD_FRAMES}) and delivered when the client
 * comes back with its {@code sessid}.
 */
final class RtcSession {

    static final int MAX_HELD_FRAMES = 64;

    private final String sessid;
    private final Login login;
    private final String userAgent;
    private final Instant loggedInAt;
    private final AtomicLong nextRequestId = new AtomicLong(1);
    private final Map<String, RtcLeg> legs = new ConcurrentHashMap<>();
    /** Frames kept while the socket is gone; made only then, as most sessions never lose theirs. */
    private Deque<String> held;
    private RtcSocket socket;
    private Transport transport;
    private ScheduledFuture<?> resumeExpiry;
    private boolean ended;
    /** When the presence binding was last written; refreshed as the client shows it is alive. */
    volatile Instant bindingWrittenAt = Instant.EPOCH;

    RtcSession(String sessid, Login login, String userAgent, Instant loggedInAt) {
        this.sessid = sessid;
        this.login = login;
        this.userAgent = userAgent;
        this.loggedInAt = loggedInAt;
    }

    String sessid() {
        return sessid;
    }

    Login login() {
        return login;
    }

    String userAgent() {
        return userAgent;
    }

    Instant loggedInAt() {
        return loggedInAt;
    }

    synchronized Transport transport() {
        return transport;
    }

    synchronized RtcSocket socket() {
        return socket;
    }

    /** Sends a request of ours and returns its id. */
    long request(String method, ObjectNode params) {
        long id = nextRequestId();
        send(Frames.request(id, method, params));
        return id;
    }

    /** An id for a request of ours, for a caller that must know it before the client can answer. */
    long nextRequestId() {
        return nextRequestId.getAndIncrement();
    }

    /** Sends a frame now, or keeps it for the client's return while the socket is gone. */
    synchronized void send(String frame) {
        if (ended) {
            return;
        }
        if (socket != null) {
            socket.send(frame);
        } else {
            if (held == null) {
                held = new ArrayDeque<>();
            }
            if (held.size() < MAX_HELD_FRAMES) {
                held.add(frame);
            }
        }
    }

    /**
     * Puts the session on a (new) socket and delivers what was kept for it. Returns the socket it
     * replaces, if the old one was still open (the client reconnected before we saw it drop).
     */
    synchronized RtcSocket attach(RtcSocket newSocket) {
        RtcSocket old = socket;
        socket = newSocket;
        transport = newSocket.secure() ? Transport.WSS : Transport.WS;
        if (resumeExpiry != null) {
            resumeExpiry.cancel(false);
            resumeExpiry = null;
        }
        return old;
    }

    /** Delivers the frames kept while the socket was gone, after the client is ready for them. */
    synchronized void flushHeld() {
        while (socket != null && held != null && !held.isEmpty()) {
            socket.send(held.poll());
        }
        held = null;
    }

    /** The socket dropped: true when it was this session's current one (a replaced socket's close means nothing). */
    synchronized boolean detach(RtcSocket closed, ScheduledFuture<?> expiry) {
        if (socket != closed || ended) {
            expiry.cancel(false);
            return false;
        }
        socket = null;
        resumeExpiry = expiry;
        return true;
    }

    synchronized boolean detached() {
        return socket == null && !ended;
    }

    /** Ends the session for good; returns its socket, if any, for the caller to close. */
    synchronized RtcSocket end() {
        ended = true;
        held = null;
        if (resumeExpiry != null) {
            resumeExpiry.cancel(false);
        }
        RtcSocket last = socket;
        socket = null;
        return last;
    }

    synchronized boolean ended() {
        return ended;
    }

    RtcLeg leg(String callId) {
        return legs.get(callId);
    }

    /** Adds a leg under its call id; false when that id is already in use in this session. */
    boolean addLeg(RtcLeg leg) {
        return legs.putIfAbsent(leg.callId(), leg) == null;
    }

    void forget(RtcLeg leg) {
        legs.remove(leg.callId(), leg);
    }

    Collection<RtcLeg> legs() {
        return legs.values();
    }
}
