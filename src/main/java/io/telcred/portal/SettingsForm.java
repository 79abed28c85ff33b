package io.telcred.portal;

import io.telcred.common.DomainException;
import io.telcred.connection.ConnectionSettings;
import io.telcred.connection.CredentialConnection;
import io.telcred.validation.Whole;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The settings of a connection as the edit page groups them: each group its own form, saved on its
 * own, so that a mistake in one never holds back another. The table below places every setting of
 * {@link ConnectionSettings} in one group, with its label; {@link SettingField} works out the rest.
 */
final class SettingsForm {

    /** The form field of the connection's name, which is no setting but belongs with the general ones. */
    static final String CONNECTION_NAME = "connection_name";

    enum Group {
        GENERAL("General", "The connection's name, tags, media anchor and push credentials.",
                field("tags", "Tags", "Comma-separated, such as berlin, front-desk."),
                field("anchorsite_override", "Anchorsite", "Where calls' media is anchored; Latency picks the nearest site."),
                field("android_push_credential_id", "Android push credential ID", null),
                field("ios_push_credential_id", "iOS push credential ID", null)),
        INBOUND("Inbound", "Calls to the devices of this connection.",
                field("inbound.ani_number_format", "Caller number format (ANI)", null),
                field("inbound.dnis_number_format", "Dialled number format (DNIS)", null),
                field("inbound.codecs", "Codecs", "In order of preference, comma-separated."),
                field("inbound.channel_limit", "Channel limit", "The most calls at once; empty for no limit."),
                field("inbound.default_routing_method", "Routing method", null),
                field("inbound.simultaneous_ringing", "Simultaneous ringing", null),
                field("sip_uri_calling_preference", "SIP URI calling", "Who may call this connection by its SIP URI."),
                field("inbound.timeout_1xx_secs", "Timeout for a first response (1xx), seconds", null),
                field("inbound.timeout_2xx_secs", "Timeout for an answer (2xx), seconds", null),
                field("inbound.generate_ringback_tone", "Generate ringback tone", null),
                field("inbound.isup_headers_enabled", "ISUP headers", null),
                field("inbound.prack_enabled", "PRACK (reliable provisional responses)", null),
                field("inbound.shaken_stir_enabled", "SHAKEN/STIR headers", null),
                field("inbound.sip_compact_headers_enabled", "Compact SIP headers", null),
                field("encode_contact_header_enabled", "Encode the Contact header", "Helps devices behind NAT or a SIP ALG.")),
        OUTBOUND("Outbound", "Calls the devices of this connection make.",
                field("outbound.ani_override", "Caller ID override", null),
                field("outbound.ani_override_type", "Override the caller ID on", null),
                field("outbound.channel_limit", "Channel limit", "The most calls at once; empty for no limit."),
                field("outbound.localization", "Localization",
                        "A two-letter country code for dialling rules, such as US; empty tries US, then GB."),
                field("outbound.outbound_voice_profile_id", "Outbound voice profile ID", null),
                field("outbound.t38_reinvite_source", "T.38 re-INVITE source", null),
                field("outbound.call_parking_enabled", "Call parking", null),
                field("outbound.generate_ringback_tone", "Generate ringback tone", null),
                field("outbound.instant_ringback_enabled", "Instant ringback", null)),
        MEDIA("Media", "DTMF, encryption and the handling of call audio.",
                field("dtmf_type", "DTMF type", null),
                field("encrypted_media", "Encrypted media", null),
                field("default_on_hold_comfort_noise_enabled", "Comfort noise on hold", null),
                field("onnet_t38_passthrough_enabled", "On-net T.38 passthrough", null),
                field("jitter_buffer.enable_jitter_buffer", "Jitter buffer", null),
                field("jitter_buffer.jitterbuffer_msec_min", "Jitter buffer minimum, ms", null),
                field("jitter_buffer.jitterbuffer_msec_max", "Jitter buffer maximum, ms", null),
                field("noise_suppression", "Noise suppression", null),
                field("noise_suppression_details.engine", "Noise suppression engine", null),
                field("noise_suppression_details.attenuation_limit", "Attenuation limit", "0 to 100, in steps of 10."),
                field("rtcp_settings.port", "RTCP port", null),
                field("rtcp_settings.capture_enabled", "Capture RTCP", null),
                field("rtcp_settings.report_frequency_secs", "RTCP report frequency, seconds", null)),
        WEBHOOKS("Webhooks", "Where events of this connection's calls are to be sent.",
                field("webhook_event_url", "Webhook URL", null),
                field("webhook_event_failover_url", "Failover URL", "Used when the webhook URL does not answer."),
                field("webhook_api_version", "Webhook API version", null),
                field("webhook_timeout_secs", "Timeout, seconds", "Empty for the default."),
                field("call_cost_in_webhooks", "Call cost in webhooks", null));

        private final String title;
        private final String lead;
        private final List<SettingField> fields;

        Group(String title, String lead, SettingField... fields) {
            this.title = title;
            this.lead = lead;
            this.fields = List.of(fields);
        }

        /** The group's part of the page's address and routes: {@code inbound}. */
        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        String title() {
            return title;
        }

        List<SettingField> fields() {
            return fields;
        }

        static Optional<Group> byKey(String key) {
            return Arrays.stream(values()).filter(g -> g.key().equals(key)).findFirst();
        }
    }

    private SettingsForm() {
    }

    /** The change a group's submitted form makes: its fields applied to the stored settings. */
    static UnaryOperator<ConnectionSettings> change(Group group, Map<String, String> submitted) {
        return settings -> {
            ConnectionSettings changed = settings;
            for (SettingField field : group.fields) {
                changed = field.apply(changed, submitted.get(field.name()));
            }
            return changed;
        };
    }

    /** The group's form showing the stored settings. */
    static GroupView view(Group group, String connectionName, ConnectionSettings settings, boolean open) {
        List<FieldView> fields = new ArrayList<>();
        if (group == Group.GENERAL) {
            fields.add(new FieldView(CONNECTION_NAME, "Connection name", null, SettingField.Kind.TEXT, connectionName,
                    List.of(), null, null));
        }
        group.fields.forEach(field -> fields.add(fieldView(field, field.shown(settings), null)));
        return new GroupView(group.key(), group.title, group.lead, fields, null, open);
    }

    /**
     * The group's form as it was sent, with the domain's refusal beside the field it names; a
     * refusal naming none of the group's fields is shown above them.
     */
    static GroupView refused(Group group, CredentialConnection current, Map<String, String> submitted,
                             DomainException refusal) {
        List<FieldView> fields = new ArrayList<>();
        boolean placed = false;
        if (group == Group.GENERAL) {
            boolean here = about(CONNECTION_NAME, refusal.field());
            fields.add(new FieldView(CONNECTION_NAME, "Connection name", null, SettingField.Kind.TEXT,
                    submitted.getOrDefault(CONNECTION_NAME, current.connectionName()), List.of(), null,
                    here ? refusal.detail() : null));
            placed = here;
        }
        for (SettingField field : group.fields) {
            boolean here = about(field.name(), refusal.field());
            String sent = submitted.get(field.name());
            String value = sent == null && field.kind() != SettingField.Kind.CHECKBOX ? field.shown(current.settings())
                    : field.normalized(sent);
            fields.add(fieldView(field, value, here ? refusal.detail() : null));
            placed |= here;
        }
        return new GroupView(group.key(), group.title, group.lead, fields, placed ? null : refusal.detail(), true);
    }

    /** Whether an error about {@code refused} ({@code inbound.codecs.1}) is one of the field {@code name}. */
    private static boolean about(String name, String refused) {
        return refused != null && (refused.equals(name) || refused.startsWith(name + "."));
    }

    private static FieldView fieldView(SettingField field, String value, String error) {
        List<Choice> choices = new ArrayList<>();
        if (field.kind() == SettingField.Kind.CHOICE) {
            if (field.optional()) {
                choices.add(new Choice("", "(none)", value.isEmpty()));
            }
            field.choices().forEach(choice -> choices.add(new Choice(choice, choice, choice.equals(value))));
        }
        String hint = field.hint();
        if (field.kind() == SettingField.Kind.LIST && !field.choices().isEmpty()) {
            hint = (hint == null ? "" : hint + " ") + "Any of " + String.join(", ", field.choices()) + ".";
        }
        return new FieldView(field.name(), field.label(), hint, field.kind(), value, choices, field.bounds(), error);
    }

    /** A group's form: its fields, and a refusal that is about none of them. */
    record GroupView(String key, String title, String lead, List<FieldView> fields, String error, boolean open) {
    }

    /**
     * One field as the page shows it.
     *
     * @param name   the form field's name: the setting's path in the API, such as {@code inbound.channel_limit}
     * @param value  the text shown; "true" or "false" for a checkbox
     * @param bounds a number's range and step, or null
     */
    record FieldView(String name, String label, String hint, SettingField.Kind kind, String value, List<Choice> choices,
                     Whole bounds, String error) {

        /** The element id: the name with dots and underscores as dashes ({@code inbound-channel-limit}). */
        String id() {
            return name.replace('.', '-').replace('_', '-');
        }

        /** The ids of the error and the hint that describe the field, or null. */
        String describedBy() {
            String ids = ((error == null ? "" : id() + "-error ") + (hint == null ? "" : id() + "-hint")).strip();
            return ids.isEmpty() ? null : ids;
        }

        boolean checkbox() {
            return kind == SettingField.Kind.CHECKBOX;
        }

        boolean checked() {
            return "true".equals(value);
        }

        boolean choice() {
            return kind == SettingField.Kind.CHOICE;
        }

        boolean number() {
            return kind == SettingField.Kind.NUMBER;
        }

        String min() {
            return bounds == null ? null : Long.toString(bounds.min());
        }

        String max() {
            return bounds == null ? null : Long.toString(bounds.max());
        }

        String step() {
            return bounds == null ? null : Long.toString(bounds.step());
        }
    }

    record Choice(String value, String label, boolean selected) {
    }

    private static SettingField field(String name, String label, String hint) {
        return SettingField.of(name, label, hint);
    }
}
