package io.telcred.location;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bindings of one node, in memory. Expired bindings are invisible as soon as their time passes
 * (every read filters on the clock) and are dropped when their login name is next touched, so no
 * thread per binding is needed.
 */
public final class InMemoryLocation implements Location {

    private final Map<String, List<Binding>> byLoginName = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryLocation(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void put(Binding binding) {
        byLoginName.compute(binding.loginName(), (name, current) -> {
            List<Binding> next = live(current);
            next.removeIf(b -> b.contact().equals(binding.contact()));
            next.add(binding);
            return next;
        });
    }

    @Override
    public boolean remove(String loginName, String contact) {
        boolean[] removed = {false};
        byLoginName.computeIfPresent(loginName, (name, current) -> {
            List<Binding> next = live(current);
            removed[0] = next.removeIf(b -> b.contact().equals(contact));
            return next.isEmpty() ? null : next;
        });
        return removed[0];
    }

    @Override
    public void removeAll(String loginName) {
        byLoginName.remove(loginName);
    }

    @Override
    public void removeConnection(long connectionId) {
        byLoginName.values().removeIf(bindings -> bindings.stream().anyMatch(b -> b.connectionId() == connectionId));
    }

    @Override
    public List<Binding> bindings(String loginName) {
        List<Binding> live = live(byLoginName.get(loginName));
        live.sort(Comparator.comparing(Binding::registeredAt).reversed());
        return live;
    }

    private List<Binding> live(List<Binding> bindings) {
        List<Binding> out = new ArrayList<>();
        if (bindings != null) {
            for (Binding b : bindings) {
                if (b.live(clock.instant())) {
                    out.add(b);
                }
            }
        }
        return out;
    }
}
