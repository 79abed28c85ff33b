package io.telcred.location;

import io.telcred.common.Hash64;
import io.telcred.common.Page;
import io.telcred.common.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Bindings of one node, in memory. A login name's bindings are a small array replaced as a whole.
 * Changes take one lock, so the indexes by account, contact and flow always agree with the primary
 * map (a change is a few map operations, far cheaper than the REGISTER that causes it); reads take
 * no lock. Expired bindings are invisible as soon as their time passes and are swept in bulk by
 * {@link #purgeExpired()}, so no timer per binding is needed. The index by contact keeps a 64-bit
 * fingerprint of each contact key rather than the key (a million of them would take a hundred
 * megabytes as texts); a lookup checks the bindings it leads to against the contact itself.
 */
public final class InMemoryLocation implements Location {

    private static final Binding[] NONE = new Binding[0];

    private final Map<String, Binding[]> byLoginName = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> loginNamesByAccount = new ConcurrentHashMap<>();
    private final Map<Long, String> loginNameByContact = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> loginNamesByFlow = new ConcurrentHashMap<>();
    private final Clock clock;
    private final BindingListener listener;

    public InMemoryLocation(Clock clock) {
        this(clock, BindingListener.NONE);
    }

    /** With a listener told of every binding that comes or goes (under the lock: it must not wait). */
    public InMemoryLocation(Clock clock, BindingListener listener) {
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Adds or replaces the binding. Most puts are a phone's refresh, which changes no index entry:
     * those are then left alone rather than removed and added again.
     */
    @Override
    public synchronized void put(Binding binding) {
        Instant now = clock.instant();
        Binding[] current = byLoginName.getOrDefault(binding.loginName(), NONE);
        List<Binding> next = new ArrayList<>(current.length + 1);
        boolean refresh = false;
        boolean unindexed = false;
        boolean replaces = false;
        for (Binding b : current) {
            if (b.key().equals(binding.key()) && sameIndexEntries(b, binding) && b.live(now)) {
                refresh = true;
                replaces = true;
            } else if (b.key().equals(binding.key()) && b.live(now)) {
                // The same device registering anew (another contact or flow): it stays, no news.
                unindex(b);
                unindexed = true;
                replaces = true;
            } else if (b.key().equals(binding.key()) || !b.live(now)) {
                unindex(b);
                unindexed = true;
                listener.removed(b, BindingListener.Reason.EXPIRED);
            } else {
                next.add(b);
            }
        }
        next.add(binding);
        byLoginName.put(binding.loginName(), next.toArray(NONE));
        // A binding unindexed may have shared an entry (the contact's host) with this one.
        if (!refresh || unindexed) {
            index(binding);
        }
        if (replaces) {
            listener.refreshed(binding);
        } else {
            listener.added(binding);
        }
    }

    @Override
    public synchronized void restore(Binding binding) {
        Binding[] current = byLoginName.getOrDefault(binding.loginName(), NONE);
        List<Binding> next = new ArrayList<>(current.length + 1);
        for (Binding b : current) {
            if (b.key().equals(binding.key())) {
                unindex(b);
            } else {
                next.add(b);
            }
        }
        next.add(binding);
        byLoginName.put(binding.loginName(), next.toArray(NONE));
        index(binding);
    }

    private static boolean sameIndexEntries(Binding a, Binding b) {
        return a.contact().equals(b.contact()) && Objects.equals(a.flowId(), b.flowId())
                && a.accountId().equals(b.accountId());
    }

    @Override
    public synchronized boolean remove(String loginName, String bindingKey) {
        return removeWhere(loginName, b -> b.key().equals(bindingKey), BindingListener.Reason.UNREGISTERED) > 0;
    }

    @Override
    public synchronized void removeAll(String loginName) {
        removeWhere(loginName, b -> true, BindingListener.Reason.UNREGISTERED);
    }

    @Override
    public void removeConnection(long connectionId) {
        removeEverywhere(b -> b.connectionId() == connectionId, BindingListener.Reason.CONNECTION_REMOVED);
    }

    @Override
    public synchronized void removeFlow(String flowId) {
        Set<String> names = loginNamesByFlow.get(flowId);
        if (names != null) {
            for (String name : List.copyOf(names)) {
                removeWhere(name, b -> flowId.equals(b.flowId()), BindingListener.Reason.FLOW_CLOSED);
            }
        }
    }

    @Override
    public int purgeExpired() {
        Instant now = clock.instant();
        return removeEverywhere(b -> !b.live(now), BindingListener.Reason.EXPIRED);
    }

    /**
     * Removes the bindings that match, of every login name. The names are looked through without
     * the lock, which is taken for each name with a binding to remove only: a node with a million
     * bindings held it for a second per sweep, and every REGISTER waited (seen as retransmissions).
     */
    private int removeEverywhere(Predicate<Binding> doomed, BindingListener.Reason reason) {
        int removed = 0;
        for (Map.Entry<String, Binding[]> entry : byLoginName.entrySet()) {
            if (anyMatch(entry.getValue(), doomed)) {
                synchronized (this) {
                    removed += removeWhere(entry.getKey(), doomed, reason);
                }
            }
        }
        return removed;
    }

    private static boolean anyMatch(Binding[] bindings, Predicate<Binding> doomed) {
        for (Binding b : bindings) {
            if (doomed.test(b)) {
                return true;
            }
        }
        return false;
    }

    /** Removes the login name's bindings that match; under the lock. */
    private int removeWhere(String loginName, Predicate<Binding> doomed, BindingListener.Reason reason) {
        Instant now = clock.instant();
        Binding[] current = byLoginName.get(loginName);
        if (current == null) {
            return 0;
        }
        List<Binding> next = new ArrayList<>(current.length);
        List<Binding> gone = new ArrayList<>(1);
        for (Binding b : current) {
            if (doomed.test(b)) {
                unindex(b);
                gone.add(b);
            } else {
                next.add(b);
            }
        }
        if (next.isEmpty()) {
            byLoginName.remove(loginName);
            loginNamesByAccount.computeIfPresent(current[0].accountId(), (a, names) -> {
                names.remove(loginName);
                return names.isEmpty() ? null : names;
            });
        } else if (!gone.isEmpty()) {
            byLoginName.put(loginName, next.toArray(NONE));
        }
        // Told once the change is made: a listener may read the bindings at once, on another thread.
        for (Binding b : gone) {
            // One that had already expired went then, whatever removes it now.
            listener.removed(b, b.live(now) ? reason : BindingListener.Reason.EXPIRED);
        }
        return gone.size();
    }

    @Override
    public List<Binding> bindings(String loginName) {
        List<Binding> live = live(byLoginName.get(loginName), clock.instant());
        live.sort(Binding.NEWEST_FIRST);
        return live;
    }

    @Override
    public Optional<Binding> byContact(String contact) {
        String key = ContactKeys.of(contact);
        String name = loginNameByContact.get(Hash64.of(key));
        if (name == null) {
            return Optional.empty();
        }
        boolean hostOnly = key.startsWith("@");
        return bindings(name).stream().filter(b -> {
            String bindingKey = ContactKeys.of(b.contact());
            return hostOnly ? ContactKeys.withoutUser(bindingKey).equals(key) : bindingKey.equals(key);
        }).findFirst();
    }

    @Override
    public Page<Binding> list(String accountId, RegistrationQuery query, PageRequest page) {
        Instant now = clock.instant();
        List<Binding> matching = new ArrayList<>();
        Set<String> names = query.sipUsername() != null ? Set.of(query.sipUsername())
                : loginNamesByAccount.getOrDefault(accountId, Set.of());
        for (String name : names) {
            for (Binding b : live(byLoginName.get(name), now)) {
                if (b.accountId().equals(accountId) && query.matches(b)) {
                    matching.add(b);
                }
            }
        }
        matching.sort(Binding.NEWEST_FIRST);
        return Page.slice(matching, page);
    }

    @Override
    public List<String> loginNames() {
        return List.copyOf(byLoginName.keySet());
    }

    @Override
    public int size() {
        int size = 0;
        for (Binding[] bindings : byLoginName.values()) {
            size += bindings.length;
        }
        return size;
    }

    private static List<Binding> live(Binding[] bindings, Instant now) {
        List<Binding> out = new ArrayList<>(bindings == null ? 0 : bindings.length);
        if (bindings != null) {
            for (Binding b : bindings) {
                if (b.live(now)) {
                    out.add(b);
                }
            }
        }
        return out;
    }

    // Called under this object's lock, like every change.
    private void index(Binding b) {
        loginNamesByAccount.computeIfAbsent(b.accountId(), a -> ConcurrentHashMap.newKeySet()).add(b.loginName());
        String key = ContactKeys.of(b.contact());
        loginNameByContact.put(Hash64.of(key), b.loginName());
        loginNameByContact.put(Hash64.of(ContactKeys.withoutUser(key)), b.loginName());
        if (b.flowId() != null) {
            loginNamesByFlow.computeIfAbsent(b.flowId(), f -> ConcurrentHashMap.newKeySet()).add(b.loginName());
        }
    }

    private void unindex(Binding b) {
        String key = ContactKeys.of(b.contact());
        loginNameByContact.remove(Hash64.of(key), b.loginName());
        loginNameByContact.remove(Hash64.of(ContactKeys.withoutUser(key)), b.loginName());
        if (b.flowId() != null) {
            loginNamesByFlow.computeIfPresent(b.flowId(), (f, names) -> {
                names.remove(b.loginName());
                return names.isEmpty() ? null : names;
            });
        }
    }
}
