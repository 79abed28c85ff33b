package io.telcred.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.common.DomainException;
import io.telcred.common.FieldNames;
import io.telcred.connection.ConnectionSettings;
import io.telcred.connection.CredentialConnection;
import io.telcred.portal.SettingsForm.Group;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsFormTest {

    private static final ConnectionSettings DEFAULTS = ConnectionSettings.DEFAULTS;

    @Test
    void everySettingIsInExactlyOneGroup() {
        List<String> grouped = Arrays.stream(Group.values()).flatMap(g -> g.fields().stream()).map(SettingField::name).toList();
        assertThat(grouped).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(leaves(ConnectionSettings.class, ""));
    }

    @Test
    void eachSettingIsEnteredTheWayItsTypeAsks() {
        assertThat(SettingField.of("inbound.prack_enabled", "", null).kind()).isEqualTo(SettingField.Kind.CHECKBOX);
        assertThat(SettingField.of("outbound.call_parking_enabled", "", null).kind()).isEqualTo(SettingField.Kind.CHECKBOX);
        assertThat(SettingField.of("dtmf_type", "", null).choices()).containsExactly("RFC 2833", "Inband", "SIP INFO");
        assertThat(SettingField.of("encrypted_media", "", null).optional()).isTrue();
        assertThat(SettingField.of("dtmf_type", "", null).optional()).isFalse();
        assertThat(SettingField.of("inbound.codecs", "", null).kind()).isEqualTo(SettingField.Kind.LIST);
        assertThat(SettingField.of("inbound.codecs", "", null).choices()).contains("OPUS", "AMR-WB");
        SettingField attenuation = SettingField.of("noise_suppression_details.attenuation_limit", "", null);
        assertThat(attenuation.kind()).isEqualTo(SettingField.Kind.NUMBER);
        assertThat(attenuation.bounds().step()).isEqualTo(10);
        assertThat(SettingField.of("webhook_event_url", "", null).kind()).isEqualTo(SettingField.Kind.TEXT);
    }

    @Test
    void aNameThatIsNoSettingIsAMistakeInTheTable() {
        assertThatThrownBy(() -> SettingField.of("inbound.nothing", "", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SettingField.of("inbound", "", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void submittedTextBecomesTheSettingsTypeInItsNestedPlace() {
        ConnectionSettings changed = SettingsForm.change(Group.INBOUND, Map.of("inbound.channel_limit", "12",
                "inbound.codecs", " OPUS ,G722,, ", "inbound.prack_enabled", "true")).apply(DEFAULTS);

        assertThat(changed.inbound().channelLimit()).isEqualTo(12);
        assertThat(changed.inbound().codecs()).containsExactly("OPUS", "G722");
        assertThat(changed.inbound().prackEnabled()).isTrue();
        assertThat(changed.inbound().sipCompactHeadersEnabled()).as("an unticked checkbox is not sent").isFalse();
        assertThat(changed.inbound().timeout2xxSecs()).as("not sent: kept").isEqualTo(DEFAULTS.inbound().timeout2xxSecs());
        assertThat(changed.outbound()).isEqualTo(DEFAULTS.outbound());
    }

    @Test
    void anEmptyOptionalFieldBecomesNullAndAnUnchangedOneKeepsItsValueExactly() {
        SettingField failover = SettingField.of("webhook_event_failover_url", "", null);
        SettingField url = SettingField.of("webhook_event_url", "", null);
        ConnectionSettings withUrl = url.apply(DEFAULTS, "https://example.com/hook");

        assertThat(failover.apply(DEFAULTS, "").webhookEventFailoverUrl()).as("shown empty, sent empty").isEqualTo("");
        assertThat(withUrl.webhookEventUrl()).isEqualTo("https://example.com/hook");
        assertThat(url.apply(withUrl, " ").webhookEventUrl()).as("cleared").isNull();
        assertThat(SettingField.of("inbound.channel_limit", "", null).apply(DEFAULTS, "").inbound().channelLimit()).isNull();
    }

    @Test
    void textThatIsNoNumberIsRefusedWithItsField() {
        assertThatThrownBy(() -> SettingField.of("inbound.timeout_1xx_secs", "", null).apply(DEFAULTS, "three"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.field()).isEqualTo("inbound.timeout_1xx_secs");
                    assertThat(e.detail()).isEqualTo("inbound.timeout_1xx_secs must be a whole number; got \"three\".");
                });
    }

    @Test
    void aRefusalIsPlacedBesideTheFieldItNames() {
        DomainException refusal = DomainException.invalid("inbound.codecs.1", "inbound.codecs.1 must be one of ...");
        CredentialConnection connection = new CredentialConnection(1, "a", "Office", "office1", null, true, DEFAULTS, null, null);
        SettingsForm.GroupView view = SettingsForm.refused(Group.INBOUND, connection, Map.of("inbound.codecs", "OPUS, X"), refusal);

        assertThat(view.error()).isNull();
        assertThat(view.fields()).filteredOn(f -> f.error() != null).singleElement()
                .satisfies(f -> assertThat(f.name()).isEqualTo("inbound.codecs"))
                .satisfies(f -> assertThat(f.value()).isEqualTo("OPUS, X"));
        assertThat(view.fields()).filteredOn(f -> f.name().equals("inbound.timeout_2xx_secs")).singleElement()
                .satisfies(f -> assertThat(f.value()).as("not sent: the stored value").isEqualTo("90"));
    }

    private static List<String> leaves(Class<?> record, String prefix) {
        List<String> names = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = prefix + FieldNames.wire(component.getName());
            if (component.getType().isRecord()) {
                names.addAll(leaves(component.getType(), name + "."));
            } else {
                names.add(name);
            }
        }
        return names;
    }
}
