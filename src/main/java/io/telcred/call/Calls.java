package io.telcred.call;

import io.telcred.common.Ids;
import io.telcred.directory.Directory;
import io.telcred.directory.Login;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Places calls between login names of one account and keeps the calls in progress. A call is
 * routed by its destination's user part to the callee's devices that the doors can reach now. The
 * caller is whoever its door authenticated: a door passes the {@link Party} of the login, never a
 * number the client claims.
 */
public final class Calls {

    private final Directory directory;
    private final ScheduledExecutorService scheduler;
    private final CallSettings settings;
    private volatile MediaRelay relay;
    private volatile Parking parking = Parking.NONE;
    private final List<CallReach> reaches = new CopyOnWriteArrayList<>();
    private final Map<String, Call> inProgress = new ConcurrentHashMap<>();
    private final LongAdder started = new LongAdder();

    public Calls(Directory directory, ScheduledExecutorService scheduler, CallSettings settings) {
        this.directory = directory;
        this.scheduler = scheduler;
        this.settings = settings;
    }

    /** The relay for calls between a browser and a plain-RTP device; without one such calls end with INCOMPATIBLE_DESTINATION. */
    public void useRelay(MediaRelay relay) {
        this.relay = relay;
    }

    /** Where calls to names that are no login go (call control), instead of ending at once. */
    public void useParking(Parking parking) {
        this.parking = parking;
    }

    /** A door that can ring devices; every door that carries calls adds itself once. */
    public void addReach(CallReach reach) {
        reaches.add(reach);
    }

    /**
     * Starts a call from {@code caller} to {@code destination} (a user name, or a SIP URI whose user
     * part is one) with the caller's offer. Returns at once; what happens next reaches the caller
     * through {@code callerLeg}: ringing, an answer, or the end with a cause (UNALLOCATED_NUMBER
     * for a name that is not a login of the caller's account, SUBSCRIBER_ABSENT when no device of
     * it is reachable, NO_ANSWER when none answers in time).
     */
    public Call dial(Party caller, LegSignals callerLeg, String destination, String sdp) {
        Call call = new Call(Ids.uuid(), caller, callerLeg, relay, ended -> inProgress.remove(ended.id()));
        if (inProgress.size() >= settings.maxCalls()) {
            call.fail(HangupCause.NORMAL_TEMPORARY_FAILURE);
            return call;
        }
        inProgress.put(call.id(), call);
        started.increment();
        String userName = userPart(destination);
        directory.find(userName).whenComplete((found, error) -> {
            if (error != null) {
                call.fail(HangupCause.NORMAL_TEMPORARY_FAILURE);
            } else {
                route(call, found.filter(login -> login.accountId().equals(caller.accountId())), destination, sdp);
            }
        });
        return call;
    }

    private void route(Call call, Optional<Login> callee, String destination, String sdp) {
        if (callee.isEmpty()) {
            parking.parkOrRefuse(call, destination, sdp);
            return;
        }
        List<LegSignals> legs = legsOf(call, new Party(callee.get().loginName(), callee.get().accountId()));
        if (legs.isEmpty()) {
            call.fail(HangupCause.SUBSCRIBER_ABSENT);
            return;
        }
        call.ring(legs, sdp, noAnswerTimer(call, settings.noAnswerTimeout().toMillis()));
    }

    /**
     * Rings a parked call's offer to every device of {@code callee} the doors can reach now; false
     * (and nothing rung) when there is none. Unanswered after {@code timeoutMillis}, the call ends
     * with NO_ANSWER.
     */
    public boolean ringParked(Call call, Party callee, long timeoutMillis) {
        List<LegSignals> legs = legsOf(call, callee);
        if (legs.isEmpty()) {
            return false;
        }
        call.ringParked(legs, schedule(() -> call.stopRinging(HangupCause.NO_ANSWER), timeoutMillis));
        return true;
    }

    /** Calls in progress now. */
    public int inProgress() {
        return inProgress.size();
    }

    /** Calls placed since the start, but those refused at once for the cap. */
    public long started() {
        return started.sum();
    }

    /** Whether some door can ring a device of {@code callee} now. */
    public boolean reachable(Party callee) {
        return reaches.stream().anyMatch(reach -> reach.reaches(callee));
    }

    private List<LegSignals> legsOf(Call call, Party callee) {
        List<LegSignals> legs = new ArrayList<>();
        for (CallReach reach : reaches) {
            legs.addAll(reach.legsFor(callee, call));
        }
        return legs;
    }

    private java.util.concurrent.ScheduledFuture<?> noAnswerTimer(Call call, long millis) {
        return scheduler.schedule(() -> call.fail(HangupCause.NO_ANSWER), millis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} after {@code millis} on the calls' timer thread (call control's own timeouts). */
    public java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long millis) {
        return scheduler.schedule(task, millis, TimeUnit.MILLISECONDS);
    }

    /** "alice", "sip:alice@example.com", "alice@example.com;transport=ws": alice. */
    public static String userPart(String destination) {
        String text = destination == null ? "" : destination.trim();
        if (text.regionMatches(true, 0, "sips:", 0, 5)) {
            text = text.substring(5);
        } else if (text.regionMatches(true, 0, "sip:", 0, 4)) {
            text = text.substring(4);
        }
        int end = text.length();
        for (char stop : new char[] {'@', ';', '?'}) {
            int at = text.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return text.substring(0, end);
    }
}
