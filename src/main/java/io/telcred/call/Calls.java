package io.telcred.call;

import io.telcred.common.Ids;
import io.telcred.directory.Directory;
import io.telcred.directory.Login;
import io.telcred.location.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
    private final Location location;
    private final ScheduledExecutorService scheduler;
    private final CallSettings settings;
    private volatile MediaRelay relay;
    private volatile Parking parking = Parking.NONE;
    private final List<CallReach> reaches = new CopyOnWriteArrayList<>();
    private final Map<String, Call> inProgress = new ConcurrentHashMap<>();
    private final LongAdder started = new LongAdder();

    public Calls(Directory directory, Location location, ScheduledExecutorService scheduler, CallSettings settings) {
        this.directory = directory;
        this.location = location;
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
        Call call = start(caller, callerLeg);
        if (call.state() == CallState.ENDED) {
            return call;
        }
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

    /**
     * A call with no route yet, for call control to ring with {@link #ringWithoutOffer}; ended at
     * once with NORMAL_TEMPORARY_FAILURE when the node carries its most calls already.
     */
    public Call start(Party caller, LegSignals callerLeg) {
        Call call = new Call(Ids.uuid(), caller, callerLeg, relay, ended -> inProgress.remove(ended.id()));
        if (inProgress.size() >= settings.maxCalls()) {
            call.fail(HangupCause.NORMAL_TEMPORARY_FAILURE);
            return call;
        }
        inProgress.put(call.id(), call);
        started.increment();
        return call;
    }

    private void route(Call call, Optional<Login> callee, String destination, String sdp) {
        if (callee.isEmpty()) {
            parking.parkOrRefuse(call, destination, sdp);
            return;
        }
        Party party = new Party(callee.get().loginName(), callee.get().accountId());
        // Dialled on a door's thread (the SIP event loop among them): the other nodes are looked up
        // without waiting, and the devices rung when the answer comes.
        location.otherNodesOf(party.loginName()).whenComplete((otherNodes, error) -> {
            if (error != null) {
                call.fail(HangupCause.NORMAL_TEMPORARY_FAILURE);
                return;
            }
            List<LegSignals> legs = legsOf(call, party, List.of(), false, otherNodes);
            if (legs.isEmpty()) {
                call.fail(HangupCause.SUBSCRIBER_ABSENT);
                return;
            }
            call.ring(legs, sdp, noAnswerTimer(call, settings.noAnswerTimeout().toMillis()));
        });
    }

    /**
     * Rings a parked call's offer, with {@code headers}, to every device of {@code callee} the doors
     * can reach now; false (and nothing rung) when there is none. Unanswered after
     * {@code timeoutMillis}, the devices are cancelled and the call is parked again.
     */
    public boolean ringParked(Call call, Party callee, List<CustomHeader> headers, long timeoutMillis) {
        List<LegSignals> legs = legsOf(call, callee, headers, false, otherNodesNow(callee));
        if (legs.isEmpty()) {
            return false;
        }
        call.ringParked(legs, noAnswerTimer(call, timeoutMillis));
        return true;
    }

    /**
     * Offers a parked call to a leg answered in another call and handed over from it
     * ({@link Call#handOver}): a bridge. Its answer joins the two as a device's answer would.
     */
    public void ringParked(Call call, LegSignals answered, long timeoutMillis) {
        call.ringParked(List.of(answered), noAnswerTimer(call, timeoutMillis));
    }

    /**
     * Rings every device of {@code callee} that can be rung with no offer (RFC 3264 delayed offer):
     * the answering device's offer goes to the call's caller leg with the answer. False (and
     * nothing rung) when no such device is reachable. Unanswered after {@code timeoutMillis}, the
     * call ends with NO_ANSWER.
     */
    public boolean ringWithoutOffer(Call call, Party callee, List<CustomHeader> headers, long timeoutMillis) {
        List<LegSignals> legs = legsOf(call, callee, headers, true, otherNodesNow(callee));
        if (legs.isEmpty()) {
            return false;
        }
        call.ring(legs, null, noAnswerTimer(call, timeoutMillis));
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

    /** Whether some door can ring a device of {@code callee} now with no offer ({@link #ringWithoutOffer}). */
    public boolean reachableWithoutOffer(Party callee) {
        return reaches.stream().anyMatch(reach -> reach.offersLate() && reach.reaches(callee));
    }

    private List<LegSignals> legsOf(Call call, Party callee, List<CustomHeader> headers, boolean withoutOffer,
                                    List<String> otherNodes) {
        List<LegSignals> legs = new ArrayList<>();
        for (CallReach reach : reaches) {
            if (!withoutOffer || reach.offersLate()) {
                legs.addAll(reach.legsFor(callee, call, headers, otherNodes));
            }
        }
        return legs;
    }

    /** The other nodes holding a binding of the callee, waited for: call control rings on its own threads. */
    private List<String> otherNodesNow(Party callee) {
        return location.otherNodesOf(callee.loginName()).join();
    }

    /** Stops the devices ringing: a parked call is parked again, any other ends with NO_ANSWER. */
    private ScheduledFuture<?> noAnswerTimer(Call call, long millis) {
        return schedule(() -> call.stopRinging(HangupCause.NO_ANSWER), millis);
    }

    /** Runs {@code task} after {@code millis} on the calls' timer thread (call control's own timeouts). */
    public ScheduledFuture<?> schedule(Runnable task, long millis) {
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
