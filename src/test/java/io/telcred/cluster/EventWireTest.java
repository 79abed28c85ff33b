package io.telcred.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.event.DomainEvent;
import io.telcred.event.DomainEvent.ApiKeyRevoked;
import io.telcred.event.DomainEvent.ChangesMissed;
import io.telcred.event.DomainEvent.ConnectionChanged;
import io.telcred.event.DomainEvent.LoginChanged;
import io.telcred.event.DomainEvent.PairRefused;
import io.telcred.event.DomainEvent.PortalSessionEnded;
import io.telcred.event.DomainEvent.SigningKeyRotated;
import io.telcred.event.DomainEvent.SourceBanned;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventWireTest {

    @Test
    void everyKindOfEventComesBackAsItWasSentWithItsNode() {
        List<DomainEvent> events = List.of(new LoginChanged("gencredAbc", "5b9c8f3e-0000-4000-8000-000000000001", true),
                LoginChanged.ofConnection("office", false), new ConnectionChanged(1_234_567_890_123L, true),
                new ApiKeyRevoked("key-id"), new PortalSessionEnded(), new SigningKeyRotated("kid-1"), new ChangesMissed(),
                new SourceBanned("4:7f000007", 1_767_000_000_000L), new PairRefused("6:20010db800000000", "9f3a", 1L));
        for (DomainEvent event : events) {
            EventWire.Message message = EventWire.decode(EventWire.encode("node-a", event));
            assertThat(message.nodeId()).isEqualTo("node-a");
            assertThat(message.event()).isEqualTo(event);
        }
    }

    @Test
    void aMessageIsOneShortVersionedJsonObject() {
        String text = EventWire.encode("node-a", new LoginChanged("gencredAbc", null, true));
        assertThat(text).isEqualTo(
                "{\"v\":1,\"node\":\"node-a\",\"type\":\"login_changed\",\"login\":\"gencredAbc\",\"credential\":null,"
                        + "\"revoked\":true}");
        assertThat(EventWire.encode("node-a", new ChangesMissed())).isEqualTo(
                "{\"v\":1,\"node\":\"node-a\",\"type\":\"changes_missed\"}");
    }

    @Test
    void aMessageOfAnotherVersionIsRefusedWithTheReason() {
        assertThatThrownBy(() -> EventWire.decode("{\"v\":2,\"node\":\"n\",\"type\":\"changes_missed\"}"))
                .isInstanceOf(EventWire.Unreadable.class).hasMessageContaining("version 2");
        assertThatThrownBy(() -> EventWire.decode("{\"node\":\"n\",\"type\":\"changes_missed\"}"))
                .isInstanceOf(EventWire.Unreadable.class).hasMessageContaining("version");
    }

    @Test
    void anUnknownTypeIsRefusedSoThatANewerNodeCannotConfuseAnOlderOne() {
        assertThatThrownBy(() -> EventWire.decode("{\"v\":1,\"node\":\"n\",\"type\":\"location_changed\"}"))
                .isInstanceOf(EventWire.Unreadable.class).hasMessageContaining("unknown type 'location_changed'");
    }

    @Test
    void missingOrMistypedFieldsAndNonJsonAreRefused() {
        for (String text : new String[] {"not json", "[1]", "null", "",
                "{\"v\":1,\"type\":\"changes_missed\"}",
                "{\"v\":1,\"node\":\"n\",\"type\":\"login_changed\",\"revoked\":true}",
                "{\"v\":1,\"node\":\"n\",\"type\":\"login_changed\",\"login\":\"a\",\"revoked\":\"yes\"}",
                "{\"v\":1,\"node\":\"n\",\"type\":\"login_changed\",\"login\":\"a\",\"credential\":7,\"revoked\":true}",
                "{\"v\":1,\"node\":\"n\",\"type\":\"connection_changed\",\"connection\":\"12\",\"revoked\":true}",
                "{\"v\":1,\"node\":\"n\",\"type\":\"connection_changed\",\"connection\":1.5,\"revoked\":true}",
                "{\"v\":1,\"node\":\"n\",\"type\":\"api_key_revoked\",\"key\":\"\"}"}) {
            assertThatThrownBy(() -> EventWire.decode(text)).as(text).isInstanceOf(EventWire.Unreadable.class);
        }
    }

    @Test
    void theReasonNeverRepeatsTheMessage() {
        assertThatThrownBy(() -> EventWire.decode("{\"v\":1,\"node\":\"n\",\"type\":\"login_changed\",\"login\":\"secret-ish\"}"))
                .hasMessageNotContaining("secret-ish");
    }
}
