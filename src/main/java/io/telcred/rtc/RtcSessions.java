package io.telcred.rtc;

import io.telcred.call.Call;
import io.telcred.call.HangupCause;
import io.telcred.common.Ids;
import io.telcred.directory.Login;
import io.telcred.location.Binding;
import io.telcred.location.Location;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Every WebRTC session of this node, by {@code sessid} and by login name, and their presence: a
 * session with a socket is a binding of its login in the location service (so the REST API and
 * call routing see browsers like phones), gone as soon as the socket drops. A dropped session
 * waits out the resume window and then ends, hanging up its calls.
 */
final class RtcSessions {

    /** A live session's binding is written again when older than this. */
    private static final Duration BINDING_REFRESH = Duration.ofSeconds(30);

    private final Location location;
    private final RtcSettings settings;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final Map<String, RtcSession> bySessid = new ConcurrentHashMap<>();
    private final Map<String, Set<RtcSession>> byLoginName = new ConcurrentHashMap<>();

    RtcSessions(Location location, RtcSettings settings, ScheduledExecutorService timer, Clock clock) {
        this.location = location;
        this.settings = settings;
        this.timer = timer;
        this.clock = clock;
    }

    /** A new session for the login, or null when the login already holds as many as allowed. */
    RtcSession open(Login login, String userAgent) {
        RtcSession session = new RtcSession(Ids.uuid(), login, userAgent, clock.instant());
        boolean[] admitted = {false};
        byLoginName.compute(login.loginName(), (name, sessions) -> {
            Set<RtcSession> set = sessions == null ? ConcurrentHashMap.newKeySet() : sessions;
            if (set.size() < settings.sessionsPerCredential()) {
                set.add(session);
                admitted[0] = true;
            }
            return set.isEmpty() ? null : set;
        });
        if (!admitted[0]) {
            return null;
        }
        bySessid.put(session.sessid(), session);
        return session;
    }

    /** The session a reconnecting client names, when it exists and belongs to the same login name. */
    RtcSession resumable(String sessid, Login login) {
        RtcSession session = sessid == null ? null : bySessid.get(sessid);
        return session != null && !session.ended() && session.login().loginName().equals(login.loginName())
                ? session : null;
    }

    /** The session is on its socket: it is present. */
    void attached(RtcSession session) {
        writeBinding(session);
    }

    /** The client showed it is alive: keeps its binding from expiring. */
    void alive(RtcSession session) {
        if (Duration.between(session.bindingWrittenAt, clock.instant()).compareTo(BINDING_REFRESH) > 0) {
            writeBinding(session);
        }
    }

    /** The session's socket closed: not present any more; it ends unless resumed in time. */
    void dropped(RtcSession session, RtcSocket socket) {
        var expiry = timer.schedule(() -> expireIfDetached(session), settings.resumeWindow().toMillis(),
                TimeUnit.MILLISECONDS);
        if (session.detach(socket, expiry)) {
            location.remove(session.login().loginName(), contact(session));
            if (settings.resumeWindow().isZero()) {
                end(session, HangupCause.NORMAL_CLEARING);
            }
        }
    }

    /** Ends a session for good: its calls hang up, its binding goes; returns its socket to close, if any. */
    RtcSocket end(RtcSession session, HangupCause callCause) {
        RtcSocket socket = session.end();
        bySessid.remove(session.sessid(), session);
        byLoginName.computeIfPresent(session.login().loginName(), (name, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
        location.remove(session.login().loginName(), contact(session));
        for (RtcLeg leg : List.copyOf(session.legs())) {
            Call call = leg.call();
            session.forget(leg);
            if (call != null) {
                call.hangup(leg, callCause);
            }
        }
        return socket;
    }

    /** Sessions logged in now, with their socket or waiting to be resumed. */
    int size() {
        return bySessid.size();
    }

    /** The sessions of one login name. */
    List<RtcSession> of(String loginName) {
        Set<RtcSession> set = byLoginName.get(loginName);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** Every session matching the test (for revocations naming a connection). */
    List<RtcSession> matching(Predicate<RtcSession> test) {
        return bySessid.values().stream().filter(test).toList();
    }

    private void expireIfDetached(RtcSession session) {
        if (session.detached()) {
            end(session, HangupCause.NORMAL_CLEARING);
        }
    }

    private void writeBinding(RtcSession session) {
        RtcSocket socket = session.socket();
        if (socket == null) {
            return;
        }
        Instant now = clock.instant();
        Login login = session.login();
        session.bindingWrittenAt = now;
        location.put(new Binding(login.loginName(), login.accountId(), login.connectionId(), login.credentialId(),
                contact(session), null, 0, List.of(), session.transport(), socket.address().getHostAddress(),
                socket.port(), null, session.userAgent(), session.sessid(), 0, session.loggedInAt(),
                now.plus(settings.idleTimeout())));
        if (session.ended() || session.detached()) {
            // Ended or dropped while writing: the binding must not outlive it.
            location.remove(login.loginName(), contact(session));
        }
    }

    private static String contact(RtcSession session) {
        return Binding.RTC_CONTACT_PREFIX + session.sessid();
    }
}
