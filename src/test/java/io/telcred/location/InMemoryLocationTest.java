package io.telcred.location;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.common.PageRequest;
import io.telcred.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryLocationTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryLocation location = new InMemoryLocation(clock);

    @Test
    void sameContactReplacesAndOtherContactsAdd() {
        location.put(binding("alice", "acct", 1, "sip:alice@192.0.2.1:5060", null, 60));
        location.put(binding("alice", "acct", 1, "sip:alice@192.0.2.1:5060", null, 120));
        location.put(binding("alice", "acct", 1, "sip:alice@192.0.2.2:5060", null, 60));
        assertThat(location.bindings("alice")).hasSize(2);
        assertThat(location.size()).isEqualTo(2);
    }

    @Test
    void expiredBindingsVanishAtOnceAndAreSweptLater() {
        location.put(binding("alice", "acct", 1, "sip:alice@192.0.2.1", null, 60));
        clock.advance(Duration.ofSeconds(61));
        assertThat(location.bindings("alice")).isEmpty();
        assertThat(location.list("acct", new RegistrationQuery(null, null, null), new PageRequest(1, 20)).items()).isEmpty();
        assertThat(location.byContact("sip:alice@192.0.2.1")).isEmpty();
        assertThat(location.purgeExpired()).isEqualTo(1);
        assertThat(location.size()).isZero();
    }

    @Test
    void contactIsFoundWhateverItsParametersOrUserPart() {
        location.put(binding("alice", "acct", 1, "sip:alice@Host.Example:5062;transport=udp", null, 60));
        assertThat(location.byContact("sip:alice@host.example:5062;ob")).isPresent();
        assertThat(location.byContact("<sip:alice@host.example:5062>")).isPresent();
        assertThat(location.byContact("sip:host.example:5062;transport=udp")).isPresent();
        assertThat(location.byContact("sip:alice@host.example:5063")).isEmpty();
    }

    @Test
    void closedFlowTakesOnlyItsOwnBindings() {
        location.put(binding("alice", "acct", 1, "sip:a1@x.invalid;transport=ws", "ws-1", 60));
        location.put(binding("alice", "acct", 1, "sip:a2@192.0.2.1", null, 60));
        location.put(binding("bob", "acct", 1, "sip:b@y.invalid;transport=ws", "ws-2", 60));
        location.removeFlow("ws-1");
        assertThat(location.bindings("alice")).extracting(Binding::contact).containsExactly("sip:a2@192.0.2.1");
        assertThat(location.bindings("bob")).hasSize(1);
    }

    @Test
    void aRefreshKeepsTheBindingFoundByContactAndByFlow() {
        location.put(binding("alice", "acct", 1, "sip:alice@192.0.2.1:5060", "ws-1", 60));
        clock.advance(Duration.ofSeconds(30));
        location.put(binding("alice", "acct", 1, "sip:alice@192.0.2.1:5060", "ws-1", 60));
        assertThat(location.byContact("sip:alice@192.0.2.1:5060")).isPresent();
        assertThat(location.byContact("sip:192.0.2.1:5060")).isPresent();
        location.removeFlow("ws-1");
        assertThat(location.size()).isZero();
    }

    @Test
    void aRefreshOnAnotherFlowMovesTheBinding() {
        location.put(binding("alice", "acct", 1, "sip:alice@192.0.2.1:5060", "ws-1", 60));
        location.put(binding("alice", "acct", 1, "sip:alice@192.0.2.1:5060", "ws-2", 60));
        location.removeFlow("ws-1");
        assertThat(location.bindings("alice")).extracting(Binding::flowId).containsExactly("ws-2");
        location.removeFlow("ws-2");
        assertThat(location.size()).isZero();
    }

    @Test
    void aRefreshBesideAnExpiredBindingOfTheSameHostKeepsTheHostFound() {
        location.put(binding("alice", "acct", 1, "sip:a1@192.0.2.1:5060", null, 10));
        location.put(binding("alice", "acct", 1, "sip:a2@192.0.2.1:5060", null, 60));
        clock.advance(Duration.ofSeconds(11));
        // Sweeping a1 takes the host's entry, which a2 shares.
        location.put(binding("alice", "acct", 1, "sip:a2@192.0.2.1:5060", null, 60));
        assertThat(location.byContact("sip:192.0.2.1:5060")).map(Binding::contact).contains("sip:a2@192.0.2.1:5060");
        assertThat(location.byContact("sip:a1@192.0.2.1:5060")).isEmpty();
    }

    @Test
    void listingIsPerAccountFilteredAndPaged() {
        location.put(binding("alice", "acct-a", 1, "sip:alice@192.0.2.1", null, 60));
        clock.advance(Duration.ofSeconds(1));
        location.put(binding("bob", "acct-a", 2, "sip:bob@192.0.2.2", null, 60));
        location.put(binding("carol", "acct-b", 3, "sip:carol@192.0.2.3", null, 60));
        var all = location.list("acct-a", new RegistrationQuery(null, null, null), new PageRequest(1, 1));
        assertThat(all.totalResults()).isEqualTo(2);
        assertThat(all.items()).extracting(Binding::loginName).containsExactly("bob");
        assertThat(location.list("acct-a", new RegistrationQuery(1L, null, null), new PageRequest(1, 20)).items())
                .extracting(Binding::loginName).containsExactly("alice");
        assertThat(location.list("acct-a", new RegistrationQuery(null, "carol", null), new PageRequest(1, 20)).items()).isEmpty();
    }

    @Test
    void removingTheLastBindingForgetsTheLoginEverywhere() {
        location.put(binding("alice", "acct", 1, "sip:alice@192.0.2.1", "tcp-1", 60));
        location.removeAll("alice");
        assertThat(location.size()).isZero();
        assertThat(location.byContact("sip:alice@192.0.2.1")).isEmpty();
        assertThat(location.list("acct", new RegistrationQuery(null, null, null), new PageRequest(1, 20)).totalResults()).isZero();
        location.removeFlow("tcp-1");
    }

    @Test
    void theListenerHearsABindingComeAndGoButNotItsRefresh() {
        java.util.List<String> heard = new java.util.ArrayList<>();
        InMemoryLocation told = new InMemoryLocation(clock, writingTo(heard, false));
        told.put(binding("alice", "acc", 1, "sip:a@1.2.3.4", null, 60));
        told.put(binding("alice", "acc", 1, "sip:a@1.2.3.4", null, 60));
        told.put(binding("alice", "acc", 1, "sip:b@1.2.3.4", "flow-1", 60));
        told.remove("alice", "sip:a@1.2.3.4");
        told.removeFlow("flow-1");
        told.put(binding("bob", "acc", 2, "sip:c@1.2.3.4", null, 60));
        clock.advance(java.time.Duration.ofSeconds(61));
        told.purgeExpired();

        assertThat(heard).containsExactly("added sip:a@1.2.3.4", "added sip:b@1.2.3.4", "unregistered sip:a@1.2.3.4",
                "flow_closed sip:b@1.2.3.4", "added sip:c@1.2.3.4", "expired sip:c@1.2.3.4");
    }

    @Test
    void aBindingTakenBackAfterARestartIsFoundAndRefreshedButNotHeardOfAsNew() {
        java.util.List<String> heard = new java.util.ArrayList<>();
        InMemoryLocation told = new InMemoryLocation(clock, writingTo(heard, true));
        told.restore(binding("alice", "acc", 1, "sip:a@1.2.3.4", null, 60));

        assertThat(told.byContact("sip:a@1.2.3.4")).isPresent();
        assertThat(told.list("acc", new RegistrationQuery(null, null, null), new PageRequest(1, 20)).totalResults()).isOne();
        told.put(binding("alice", "acc", 1, "sip:a@1.2.3.4", null, 120));
        assertThat(heard).containsExactly("refreshed sip:a@1.2.3.4");
        assertThat(told.size()).isOne();
    }

    /** A listener that writes down what it hears: the bindings that come and go, and the refreshes when asked. */
    private static BindingListener writingTo(List<String> heard, boolean refreshes) {
        return new BindingListener() {
            @Override
            public void added(Binding binding) {
                heard.add("added " + binding.contact());
            }

            @Override
            public void removed(Binding binding, Reason reason) {
                heard.add(reason.wireName() + " " + binding.contact());
            }

            @Override
            public void refreshed(Binding binding) {
                if (refreshes) {
                    heard.add("refreshed " + binding.contact());
                }
            }
        };
    }

    private Binding binding(String login, String account, long connection, String contact, String flow, int seconds) {
        Instant now = clock.instant();
        return new Binding(login, account, connection, null, contact, null, 0, List.of(), flow == null ? Transport.UDP : Transport.WS,
                "192.0.2.9", 5060, flow, "test", "call-" + contact, 1, now, now.plusSeconds(seconds));
    }
}
