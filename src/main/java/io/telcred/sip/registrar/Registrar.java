package io.telcred.sip.registrar;

import io.telcred.common.SharedStrings;
import io.telcred.directory.Login;
import io.telcred.location.Binding;
import io.telcred.location.Location;
import io.telcred.location.Transport;
import io.telcred.sip.message.NameAddress;
import io.telcred.sip.message.SipParseException;
import io.telcred.sip.message.SipRequest;
import io.telcred.sip.message.SipResponse;
import io.telcred.sip.transaction.Responses;
import io.telcred.sip.transport.Flow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registrar (RFC 3261 §10.3, RFC 5626, RFC 3327) for an authenticated REGISTER: adds,
 * refreshes and removes bindings, answers 423 below the minimum expiry, shortens above the maximum,
 * keeps Call-ID/CSeq order, limits devices per user, and lists every current binding in the 200.
 * The request is checked whole before anything changes, so a refused REGISTER changes nothing.
 */
public final class Registrar {

    /**
     * Locks over login names: REGISTERs of one name from two sources may be handled on two threads,
     * and the device limit is checked and applied as one step.
     */
    static final int LOCK_STRIPES = 64;
    /** Phones of one model send one User-Agent: each distinct text is kept once, up to this many. */
    private static final int SHARED_USER_AGENTS = 1_000;

    private final Object[] locks = new Object[LOCK_STRIPES];
    private final Location location;
    private final RegistrarSettings settings;
    private final Clock clock;
    private final DateHeader date = new DateHeader();
    private final SharedStrings userAgents = new SharedStrings(SHARED_USER_AGENTS);

    public Registrar(Location location, RegistrarSettings settings, Clock clock) {
        this.location = location;
        this.settings = settings;
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** Answers an authenticated REGISTER of {@code login} that came in over {@code flow}. */
    public SipResponse register(SipRequest request, Flow flow, Login login) {
        synchronized (locks[Math.floorMod(login.loginName().hashCode(), LOCK_STRIPES)]) {
            return registerLocked(request, flow, login);
        }
    }

    private SipResponse registerLocked(SipRequest request, Flow flow, Login login) {
        List<NameAddress> contacts;
        try {
            contacts = request.contacts();
        } catch (SipParseException e) {
            return Responses.answer(request, 400, "Bad Contact");
        }
        List<String> path = request.headers().all("Path");
        String expiresHeader = request.headers().first("Expires");
        Integer headerExpires = expires(expiresHeader);
        if (expiresHeader != null && headerExpires == null) {
            return Responses.answer(request, 400, "Bad Expires");
        }
        String callId = request.callId();
        long cseq = request.cseq().number();
        Instant now = clock.instant();

        if (contacts.size() == 1 && contacts.get(0).isWildcard()) {
            if (headerExpires == null || headerExpires != 0) {
                return Responses.answer(request, 400, "Contact * needs Expires: 0");
            }
            location.removeAll(login.loginName());
            return ok(request, List.of(), path);
        }

        List<Change> changes = new ArrayList<>();
        for (NameAddress contact : contacts) {
            if (contact.isWildcard() || contact.sipUri() == null) {
                return Responses.answer(request, 400, "Bad Contact");
            }
            Integer expires = contact.hasParam("expires") ? expires(contact.param("expires")) : headerExpires;
            if (contact.hasParam("expires") && expires == null) {
                return Responses.answer(request, 400, "Bad Contact expires");
            }
            int seconds = expires == null ? settings.defaultExpires() : expires;
            if (seconds != 0 && seconds < settings.minExpires()) {
                SipResponse tooBrief = Responses.answer(request, 423, "Interval Too Brief");
                tooBrief.headers().set("Min-Expires", Integer.toString(settings.minExpires()));
                return tooBrief;
            }
            changes.add(new Change(contact, Math.min(seconds, settings.maxExpires(flow.transport()))));
        }

        Map<String, Binding> current = new HashMap<>();
        for (Binding b : location.bindings(login.loginName())) {
            current.put(b.key(), b);
        }
        List<Binding> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        boolean newDevice = false;
        for (Change change : changes) {
            Binding binding = binding(request, flow, login, change, now, callId, cseq, path);
            Binding existing = current.get(binding.key());
            if (existing != null && existing.registeredBy(callId) && cseq <= existing.cseq()) {
                return Responses.answer(request, 500, "Out of order REGISTER");
            }
            if (change.seconds == 0) {
                removed.add(binding.key());
                current.remove(binding.key());
            } else {
                newDevice |= existing == null;
                added.add(binding);
                current.put(binding.key(), binding);
            }
        }
        // A refresh never grows the count: only a new device asks the other nodes of a cluster.
        int elsewhere = newDevice ? location.bindingsOnOtherNodes(login.accountId(), login.loginName()) : 0;
        if (current.size() + elsewhere > settings.maxBindingsPerUser()) {
            return Responses.answer(request, 403, "Too many registrations");
        }
        removed.forEach(key -> location.remove(login.loginName(), key));
        added.forEach(location::put);
        // What the location holds now, as the changes were made under the name's lock.
        List<Binding> held = new ArrayList<>(current.values());
        held.sort(Binding.NEWEST_FIRST);
        return ok(request, held, path);
    }

    private Binding binding(SipRequest request, Flow flow, Login login, Change change, Instant now, String callId, long cseq,
                            List<String> path) {
        NameAddress contact = change.contact;
        String instance = contact.param("+sip.instance");
        int regId = 0;
        if (instance != null && contact.hasParam("reg-id")) {
            regId = parseRegId(contact.param("reg-id"));
        }
        boolean stream = flow.transport() != Transport.UDP;
        return new Binding(login.loginName(), login.accountId(), login.connectionId(), login.credentialId(),
                contact.uri(), instance, regId, path, flow.transport(),
                flow.remote().getAddress().getHostAddress(), flow.remote().getPort(), stream ? flow.id() : null,
                userAgents.share(shorten(request.headers().first("User-Agent"))), callId, cseq, now, now.plusSeconds(change.seconds));
    }

    /** The 200, listing the user's bindings (RFC 3261 §10.3 step 8). */
    private SipResponse ok(SipRequest request, List<Binding> bindings, List<String> path) {
        SipResponse ok = Responses.answer(request, 200, "OK");
        Instant now = clock.instant();
        boolean outbound = false;
        for (Binding b : bindings) {
            long left = Math.max(0, b.expiresAt().getEpochSecond() - now.getEpochSecond());
            StringBuilder value = new StringBuilder("<").append(b.contact()).append(">;expires=").append(left);
            if (b.instanceId() != null) {
                value.append(";+sip.instance=").append(b.instanceId());
                if (b.regId() > 0) {
                    value.append(";reg-id=").append(b.regId());
                    outbound = true;
                }
            }
            ok.headers().add("Contact", value.toString());
        }
        for (String entry : path) {
            ok.headers().add("Path", entry);
        }
        if (outbound && supports(request, "outbound")) {
            ok.headers().add("Require", "outbound");
        }
        ok.headers().set("Date", date.format(now));
        return ok;
    }

    private static boolean supports(SipRequest request, String option) {
        for (String value : request.headers().all("Supported")) {
            if (value.trim().equalsIgnoreCase(option)) {
                return true;
            }
        }
        return false;
    }

    /** Seconds from an Expires header or parameter, or null when not a whole number; huge values saturate. */
    private static Integer expires(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.length() > 10 || !trimmed.chars().allMatch(Character::isDigit)) {
            return null;
        }
        long value = Long.parseLong(trimmed);
        return (int) Math.min(value, Integer.MAX_VALUE);
    }

    private static int parseRegId(String text) {
        Integer value = expires(text);
        return value == null ? 0 : value;
    }

    /** User agents are stored for display; an absurd one is cut, not trusted. */
    private static String shorten(String userAgent) {
        if (userAgent == null) {
            return null;
        }
        return userAgent.length() > 200 ? userAgent.substring(0, 200) : userAgent;
    }

    private record Change(NameAddress contact, int seconds) {
    }

}
