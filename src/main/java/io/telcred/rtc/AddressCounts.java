package io.telcred.rtc;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Sockets per address that have not logged in yet, so that one address cannot hold thousands open. */
final class AddressCounts {

    private final int max;
    private final Map<InetAddress, Integer> counts = new ConcurrentHashMap<>();

    AddressCounts(int max) {
        this.max = max;
    }

    /** Counts one more socket of this address; false (and not counted) when it already holds the maximum. */
    boolean tryAdd(InetAddress address) {
        boolean[] added = {false};
        counts.compute(address, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return now;
            }
            added[0] = true;
            return now + 1;
        });
        return added[0];
    }

    void remove(InetAddress address) {
        counts.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }
}
