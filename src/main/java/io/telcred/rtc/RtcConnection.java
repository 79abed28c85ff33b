package io.telcred.rtc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.auth.AuthOutcome;
import io.telcred.call.Call;
import io.telcred.call.CallInfo;
import io.telcred.call.CallState;
import io.telcred.call.HangupCause;
import io.telcred.call.IceCandidate;
import io.telcred.call.Party;
import io.telcred.directory.Login;
import io.telcred.token.TokenVerifier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Telnyx-RTC protocol on one socket (see {@code spec/rtc-protocol.md}): a login first, then
 * the session's requests, each mapped onto the domain. Frames arrive one at a time on the
 * socket's thread; a login completes on another thread, so the session is handed over under
 * this object's lock.
 */
final class RtcConnection {

    private static final Logger LOG = LoggerFactory.getLogger(RtcConnection.class);
    private static final Pattern DTMF = Pattern.compile("[0-9A-Da-d*#wW,]{1,64}");
    private static final int MAX_TEXT_BODY = 4_096;

    private final RtcContext context;
    private final RtcSocket socket;
    private final RequestRate rate;
    private final ScheduledFuture<?> loginTimer;
    private final boolean counted;
    private RtcSession session;
    private boolean loginPending;
    private boolean closed;

    private RtcConnection(RtcContext context, RtcSocket socket, boolean counted) {
        this.context = context;
        this.socket = socket;
        this.counted = counted;
        this.rate = new RequestRate(context.settings().requestsPerSecond(), System.nanoTime());
        this.loginTimer = counted ? context.timer().schedule(this::loginTimedOut,
                context.settings().loginTimeout().toMillis(), TimeUnit.MILLISECONDS) : null;
    }

    /** A new socket: counted against its address, or closed at once when the address holds too many. */
    static RtcConnection open(RtcContext context, RtcSocket socket) {
        if (!context.unauthenticated().tryAdd(socket.address())) {
            socket.close(1008, "too many sockets from this address");
            return new RtcConnection(context, socket, false);
        }
        return new RtcConnection(context, socket, true);
    }

    void onText(String text) {
        RpcRequest request;
        try {
            request = RpcRequest.parse(text);
        } catch (RpcException e) {
            socket.send(Frames.error(null, e.error, e.getMessage()));
            return;
        }
        if (request.answer()) {
            onAnswer(request);
            return;
        }
        try {
            if (!rate.tryTake(System.nanoTime())) {
                throw new RpcException(RpcError.TOO_MANY_REQUESTS, "More than "
                        + context.settings().requestsPerSecond() + " requests a second.");
            }
            dispatch(request);
        } catch (RpcException e) {
            respondError(request, e.error, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("unexpected error on {}", request.method(), e);
            respondError(request, RpcError.SESSION_ERROR, "An unexpected error occurred.");
        }
    }

    /** A binary frame: the protocol is text only. */
    void closeForBinary() {
        socket.close(1003, "text frames only");
    }

    synchronized void onClose() {
        closed = true;
        if (loginTimer != null) {
            loginTimer.cancel(false);
        }
        if (session != null) {
            context.sessions().dropped(session, socket);
        } else if (counted) {
            context.unauthenticated().remove(socket.address());
        }
    }

    private void dispatch(RpcRequest request) {
        if (request.method().equals("login")) {
            login(request);
            return;
        }
        RtcSession current = session();
        if (current == null) {
            throw new RpcException(RpcError.AUTHENTICATION_REQUIRED, "Log in first.");
        }
        context.sessions().alive(current);
        switch (request.method()) {
            case "telnyx_rtc.ping" -> respond(request, Frames.object().put("method", "telnyx_rtc.ping"));
            case "telnyx_rtc.gatewayState" -> {
                ObjectNode result = Frames.object();
                result.putObject("params").put("state", "REGED");
                respond(request, result.put("sessid", current.sessid()));
            }
            case "telnyx_rtc.invite" -> invite(current, request);
            case "telnyx_rtc.answer" -> answer(current, request);
            case "telnyx_rtc.bye" -> bye(current, request);
            case "telnyx_rtc.modify" -> modify(current, request);
            case "telnyx_rtc.info" -> info(current, request);
            case "telnyx_rtc.candidate", "telnyx_rtc.endOfCandidates" -> candidate(current, request);
            default -> throw new RpcException(RpcError.METHOD_NOT_FOUND, "Unknown method " + request.method() + ".");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Login
    // ---------------------------------------------------------------------------------------------

    private void login(RpcRequest request) {
        synchronized (this) {
            if (session != null || loginPending) {
                throw new RpcException(RpcError.SESSION_ERROR, "This socket has already logged in.");
            }
            loginPending = true;
        }
        CompletableFuture<AuthOutcome> outcome;
        try {
            outcome = authenticate(request);
        } catch (RpcException e) {
            synchronized (this) {
                loginPending = false;
            }
            // A malformed login is still a failed login: -32001, never -32000.
            throw new RpcException(RpcError.AUTHENTICATION_FAILURE, e.getMessage());
        }
        String resumeSessid = request.text("sessid", 128);
        String userAgent = UserAgents.of(request.params().get("User-Agent"));
        outcome.whenComplete((result, error) -> finishLogin(request.id(), result, error, resumeSessid, userAgent));
    }

    private CompletableFuture<AuthOutcome> authenticate(RpcRequest request) {
        String token = request.text("login_token", TokenVerifier.MAX_TOKEN_LENGTH);
        if (token != null) {
            return context.authenticator().token(token, socket.address());
        }
        String login = request.text("login", 64);
        String password = request.text("passwd", 1_024);
        if (login == null || password == null) {
            throw new RpcException(RpcError.AUTHENTICATION_FAILURE, "Send login and passwd, or login_token.");
        }
        return context.authenticator().password(login, password, socket.address());
    }

    private void finishLogin(JsonNode id, AuthOutcome outcome, Throwable error, String resumeSessid, String userAgent) {
        if (outcome instanceof AuthOutcome.Delayed delayed) {
            context.timer().schedule(() -> finishLogin(id, delayed.outcome(), null, resumeSessid, userAgent),
                    delayed.delay().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        if (error == null) {
            context.authentications().increment(outcome.kind());
        }
        if (error != null) {
            LOG.warn("a WebRTC login could not be judged: {}", error.toString());
            loginFailed(id, RpcError.SESSION_ERROR, "The login cannot be checked now; try again shortly.");
        } else if (outcome instanceof AuthOutcome.Accepted accepted) {
            loggedIn(id, accepted.login(), resumeSessid, userAgent);
        } else {
            String reason = outcome instanceof AuthOutcome.Refused refused ? refused.reason() : "refused";
            loginFailed(id, RpcError.AUTHENTICATION_FAILURE, "Login refused: " + reason + (reason.endsWith(".") ? "" : "."));
        }
    }

    private synchronized void loginFailed(JsonNode id, RpcError error, String detail) {
        loginPending = false;
        if (!closed) {
            socket.send(Frames.error(id, error, detail));
        }
    }

    private synchronized void loggedIn(JsonNode id, Login login, String resumeSessid, String userAgent) {
        loginPending = false;
        if (closed) {
            return;
        }
        RtcSessions sessions = context.sessions();
        RtcSession resumed = sessions.resumable(resumeSessid, login);
        RtcSession next = resumed != null ? resumed : sessions.open(login, userAgent);
        if (next == null) {
            socket.send(Frames.error(id, RpcError.AUTHENTICATION_FAILURE, "Login refused: this login already has "
                    + context.settings().sessionsPerCredential() + " sessions."));
            return;
        }
        RtcSocket replaced = next.attach(socket);
        if (replaced != null && replaced != socket) {
            replaced.close(1000, "resumed on another socket");
        }
        session = next;
        loginTimer.cancel(false);
        context.unauthenticated().remove(socket.address());
        sessions.attached(next);
        socket.send(Frames.result(id, Frames.object().put("message", "logged in").put("sessid", next.sessid())));
        ObjectNode ready = Frames.object();
        // The SDK keeps the calls named here across its reconnect and hangs up the others.
        var reattached = ready.putArray("reattached_sessions");
        if (resumed != null) {
            next.legs().forEach(leg -> reattached.add(leg.callId()));
        }
        next.request("telnyx_rtc.clientReady", ready);
        next.flushHeld();
    }

    private synchronized void loginTimedOut() {
        if (session == null && !closed) {
            socket.close(1008, "no login within " + context.settings().loginTimeout().toSeconds() + " s");
        }
    }

    private synchronized RtcSession session() {
        return session;
    }

    // ---------------------------------------------------------------------------------------------
    // Calls
    // ---------------------------------------------------------------------------------------------

    private void invite(RtcSession current, RpcRequest request) {
        String callId = request.callId();
        String sdp = request.sdp();
        String destination = RpcRequest.text(request.params().path("dialogParams"), "destination_number", 256);
        if (destination == null || destination.isBlank()) {
            throw new RpcException(RpcError.INVALID_PARAMS, "dialogParams.destination_number is missing.");
        }
        RtcLeg leg = new RtcLeg(current, callId);
        if (!current.addLeg(leg)) {
            throw new RpcException(RpcError.INVALID_PARAMS, "callID " + callId + " is already in use.");
        }
        respond(request, callResult(current, callId, "CALL CREATED"));
        Login login = current.login();
        // The caller is who logged in, whatever caller_id_number the client claims; the name is only shown.
        String displayName = RpcRequest.text(request.params().path("dialogParams"), "caller_id_name", 256);
        Call call = context.calls().dial(new Party(login.loginName(), login.accountId(), displayName), leg, destination, sdp);
        leg.attach(call);
    }

    private void answer(RtcSession current, RpcRequest request) {
        RtcLeg leg = existingLeg(current, request);
        String sdp = request.sdp();
        if (!leg.call().answer(leg, sdp)) {
            current.forget(leg);
            throw new RpcException(RpcError.CALL_DOES_NOT_EXIST, "The call was answered elsewhere or has ended.");
        }
        respond(request, callResult(current, leg.callId(), "CALL ANSWERED"));
    }

    private void bye(RtcSession current, RpcRequest request) {
        String callId = request.callId();
        RtcLeg leg = current.leg(callId);
        if (leg != null) {
            current.forget(leg);
            Integer code = request.params().path("causeCode").canConvertToInt()
                    ? request.params().path("causeCode").asInt() : null;
            HangupCause cause = HangupCause.named(request.text("cause", 64), code).orElse(HangupCause.NORMAL_CLEARING);
            leg.call().hangup(leg, cause);
        }
        // Answered also for a call already gone: the SDK waits for this to tear its side down.
        respond(request, callResult(current, callId, "CALL ENDED"));
    }

    private void modify(RtcSession current, RpcRequest request) {
        RtcLeg leg = existingLeg(current, request);
        String action = request.text("action", 32);
        Call call = leg.call();
        boolean hold = switch (action == null ? "" : action) {
            case "hold" -> true;
            case "unhold" -> false;
            case "toggleHold" -> !call.holds(leg);
            case "updateMedia" -> throw new RpcException(RpcError.INVALID_PARAMS,
                    "updateMedia (ICE restart) is not supported on this call.");
            default -> throw new RpcException(RpcError.INVALID_PARAMS, "action must be hold, unhold or toggleHold.");
        };
        if (call.state() != CallState.ACTIVE && call.state() != CallState.HELD) {
            throw new RpcException(RpcError.INVALID_PARAMS, "Only an answered call can be held.");
        }
        call.hold(leg, hold);
        respond(request, callResult(current, leg.callId(), "CALL MODIFIED").put("action", action)
                .put("holdState", call.holds(leg) ? "held" : "active"));
    }

    private void info(RtcSession current, RpcRequest request) {
        RtcLeg leg = existingLeg(current, request);
        String dtmf = request.text("dtmf", 64);
        CallInfo info;
        if (dtmf != null) {
            if (!DTMF.matcher(dtmf).matches()) {
                throw new RpcException(RpcError.INVALID_PARAMS, "dtmf must be digits 0-9, A-D, * or #.");
            }
            info = new CallInfo(dtmf, null);
        } else {
            String body = RpcRequest.text(request.params().path("msg"), "body", MAX_TEXT_BODY);
            if (body == null) {
                throw new RpcException(RpcError.INVALID_PARAMS, "Send dtmf, or msg with a body.");
            }
            info = new CallInfo(null, body);
        }
        if (!leg.call().info(leg, info)) {
            throw new RpcException(RpcError.CALL_DOES_NOT_EXIST, "The call is not answered.");
        }
        respond(request, Frames.object().put("message", "SENT").put("sessid", current.sessid()));
    }

    private void candidate(RtcSession current, RpcRequest request) {
        RtcLeg leg = existingLeg(current, request);
        IceCandidate candidate;
        if (request.method().equals("telnyx_rtc.endOfCandidates")) {
            candidate = new IceCandidate(null, null, null);
        } else {
            String text = request.text("candidate", 2_048);
            if (text == null) {
                throw new RpcException(RpcError.INVALID_PARAMS, "candidate is missing.");
            }
            JsonNode index = request.params().get("sdpMLineIndex");
            if (index != null && !index.isNull() && !index.canConvertToInt()) {
                throw new RpcException(RpcError.INVALID_PARAMS, "sdpMLineIndex must be a number.");
            }
            candidate = new IceCandidate(text, index == null || index.isNull() ? null : index.asInt(),
                    request.text("sdpMid", 64));
        }
        leg.call().candidate(leg, candidate);
        respond(request, Frames.object().put("sessid", current.sessid()));
    }

    /** The client's answer to a request of ours: to our invite, it means the browser rings. */
    private void onAnswer(RpcRequest answer) {
        RtcSession current = session();
        if (current == null || answer.id() == null || !answer.id().canConvertToLong()) {
            return;
        }
        long id = answer.id().asLong();
        for (RtcLeg leg : current.legs()) {
            if (leg.ringsFor(id) && leg.call() != null) {
                leg.call().ringing(leg);
            }
        }
    }

    private static RtcLeg existingLeg(RtcSession current, RpcRequest request) {
        RtcLeg leg = current.leg(request.callId());
        if (leg == null || leg.call() == null) {
            throw new RpcException(RpcError.CALL_DOES_NOT_EXIST, "No call " + request.callId() + " in this session.");
        }
        return leg;
    }

    private static ObjectNode callResult(RtcSession session, String callId, String message) {
        return Frames.object().put("message", message).put("callID", callId).put("sessid", session.sessid());
    }

    private void respond(RpcRequest request, ObjectNode result) {
        if (request.id() != null) {
            socket.send(Frames.result(request.id(), result));
        }
    }

    private void respondError(RpcRequest request, RpcError error, String detail) {
        if (request.id() != null) {
            socket.send(Frames.error(request.id(), error, detail));
        }
    }
}
