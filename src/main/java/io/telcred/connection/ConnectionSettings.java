package io.telcred.connection;

import static io.telcred.connection.SettingField.field;
import static io.telcred.connection.SettingField.group;
import static io.telcred.connection.SettingField.nullable;
import static io.telcred.connection.SettingType.MAX_TEXT_LENGTH;
import static io.telcred.connection.SettingType.bool;
import static io.telcred.connection.SettingType.integer;
import static io.telcred.connection.SettingType.integerOrDigits;
import static io.telcred.connection.SettingType.list;
import static io.telcred.connection.SettingType.oneOf;
import static io.telcred.connection.SettingType.text;
import static io.telcred.connection.SettingType.url;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.common.DomainException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The "settings" part of a credential connection: every field of the Telnyx v2
 * {@code credential_connection} object besides its identity, credentials and timestamps. telcred
 * stores and returns them, with Telnyx's defaults, even where it has no behaviour for them.
 *
 * <p>Types, enums, ranges and defaults follow the Telnyx OpenAPI schemas {@code CredentialConnection},
 * {@code CreateCredentialConnectionRequest}, {@code CredentialInbound}, {@code CredentialOutbound},
 * {@code ConnectionRtcpSettings}, {@code ConnectionJitterBuffer} and
 * {@code ConnectionNoiseSuppressionDetails}. Where those give no default or limit, the choice made
 * here is commented in the table.
 */
public final class ConnectionSettings {

    private static final List<String> ANCHORSITES = List.of("Latency", "Chicago, IL", "Ashburn, VA",
            "San Jose, CA", "Sydney, Australia", "Amsterdam, Netherlands", "London, UK", "Toronto, Canada",
            "Vancouver, Canada", "Frankfurt, Germany");

    // The schema types codecs as free strings; these are the codecs Telnyx offers on SIP connections.
    private static final List<String> CODECS = List.of("G722", "G711U", "G711A", "G729", "OPUS", "H.264", "VP8",
            "AMR-WB");

    private static final List<String> NOISE_SUPPRESSION_ENGINES = List.of("denoiser", "deep_filter_net",
            "deep_filter_net_large", "krisp_viva_tel", "krisp_viva_tel_lite", "krisp_viva_promodel", "krisp_viva_ss",
            "quail_voice_focus");

    // Not bounded by the schema: null means "no limit", so a limit is at least one call.
    private static final int MAX_CHANNEL_LIMIT = 1_000_000;

    private static final List<SettingField> FIELDS = List.of(
            field("anchorsite_override", oneOf(ANCHORSITES), "Latency"),
            // No default in the schema; "disabled" keeps SIP URI calling off until asked for.
            field("sip_uri_calling_preference", oneOf("disabled", "unrestricted", "internal"), "disabled"),
            // The create request's default (the response schema says true).
            field("default_on_hold_comfort_noise_enabled", bool(), false),
            field("dtmf_type", oneOf("RFC 2833", "Inband", "SIP INFO"), "RFC 2833"),
            field("encode_contact_header_enabled", bool(), false),
            nullable("encrypted_media", oneOf("SRTP"), null),
            field("onnet_t38_passthrough_enabled", bool(), false),
            nullable("webhook_event_url", url(), null),
            nullable("webhook_event_failover_url", url(), ""),
            // The create schema also lists "texml", but responses and updates only know "1" and "2".
            field("webhook_api_version", oneOf("1", "2"), "1"),
            nullable("webhook_timeout_secs", integer(0, 30), null),
            field("tags", list(text(1, MAX_TEXT_LENGTH), 0, 100, false), List.of()),
            nullable("android_push_credential_id", text(0, MAX_TEXT_LENGTH), null),
            nullable("ios_push_credential_id", text(0, MAX_TEXT_LENGTH), null),
            field("call_cost_in_webhooks", bool(), false),
            group("jitter_buffer",
                    field("enable_jitter_buffer", bool(), false),
                    field("jitterbuffer_msec_min", integer(40, 400), 60),
                    field("jitterbuffer_msec_max", integer(40, 400), 200)),
            // No default in the schema; noise suppression is a paid feature, so it starts off.
            field("noise_suppression", oneOf("inbound", "outbound", "both", "disabled"), "disabled"),
            group("noise_suppression_details",
                    field("engine", oneOf(NOISE_SUPPRESSION_ENGINES), "denoiser"),
                    // 0 is the documented default of the default engine.
                    field("attenuation_limit", integer(0, 100, 10), 0)),
            group("rtcp_settings",
                    field("port", oneOf("rtcp-mux", "rtp+1"), "rtp+1"),
                    field("capture_enabled", bool(), false),
                    field("report_frequency_secs", integer(5, 3000), 5)),
            group("inbound",
                    field("ani_number_format", oneOf("+E.164", "E.164", "+E.164-national", "E.164-national"),
                            "E.164-national"),
                    field("dnis_number_format", oneOf("+e164", "e164", "national", "sip_username"), "e164"),
                    nullable("channel_limit", integer(1, MAX_CHANNEL_LIMIT), null),
                    field("codecs", list(oneOf(CODECS), 1, CODECS.size(), true),
                            List.of("G722", "G711U", "G711A", "G729", "OPUS", "H.264")),
                    // In the current schema though not in rest-v2.md; "left blank" (null) by default.
                    nullable("default_routing_method", oneOf("sequential", "round-robin"), null),
                    field("generate_ringback_tone", bool(), false),
                    field("isup_headers_enabled", bool(), false),
                    field("prack_enabled", bool(), false),
                    field("shaken_stir_enabled", bool(), false),
                    field("simultaneous_ringing", oneOf("disabled", "enabled"), "disabled"),
                    field("sip_compact_headers_enabled", bool(), true),
                    field("timeout_1xx_secs", integer(1, 120), 3),
                    field("timeout_2xx_secs", integerOrDigits(1, 600), 90)),
            group("outbound",
                    nullable("ani_override", text(0, MAX_TEXT_LENGTH), ""),
                    field("ani_override_type", oneOf("always", "normal", "emergency"), "always"),
                    nullable("call_parking_enabled", bool(), false),
                    nullable("channel_limit", integer(1, MAX_CHANNEL_LIMIT), null),
                    field("generate_ringback_tone", bool(), false),
                    field("instant_ringback_enabled", bool(), true),
                    // Blank means "try US, then GB dialing rules".
                    field("localization", text(2, Pattern.compile("[A-Za-z]{2}|"),
                            "a two-letter country code such as \"US\", or an empty string"), "US"),
                    // An opaque id (int64 strings at Telnyx); telcred keeps no voice profiles to check it against.
                    nullable("outbound_voice_profile_id", text(0, MAX_TEXT_LENGTH), null),
                    field("t38_reinvite_source",
                            oneOf("telnyx", "customer", "disabled", "passthru", "caller-passthru", "callee-passthru"),
                            "telnyx")));

    private ConnectionSettings() {
    }

    /** The settings object of a new connection: every settings field with its default (nested objects complete). */
    public static ObjectNode defaults() {
        ObjectNode settings = JsonNodeFactory.instance.objectNode();
        FIELDS.forEach(field -> settings.set(field.name(), field.defaultNode()));
        return settings;
    }

    /**
     * Validates the settings fields present in {@code request} (the JSON object of a create or PATCH
     * body; core and unknown fields are ignored) and returns a deep copy of {@code base} with them
     * applied. Nested objects are merged field by field. An explicit null clears a nullable field and
     * leaves any other field unchanged. {@code base} is not modified.
     *
     * @throws DomainException (invalid value) on the first bad value, with its JSON pointer
     */
    public static ObjectNode apply(ObjectNode base, JsonNode request) {
        Objects.requireNonNull(base, "base");
        ObjectNode settings = base.deepCopy();
        if (request == null || request.isNull() || request.isMissingNode()) {
            return settings;
        }
        if (!request.isObject()) {
            throw DomainException.invalid("/", "The request body must be a JSON object.");
        }
        for (SettingField field : FIELDS) {
            field.apply(settings, request, "");
        }
        if (request.path("jitter_buffer").isObject()) {
            checkJitterBufferBounds(settings.path("jitter_buffer"));
        }
        return settings;
    }

    /** The outbound voice profile id in settings (outbound.outbound_voice_profile_id) or null; the store keeps it in a column for filtering. */
    public static String outboundVoiceProfileId(ObjectNode settings) {
        if (settings == null) {
            return null;
        }
        JsonNode id = settings.path("outbound").path("outbound_voice_profile_id");
        return id.isTextual() && !id.textValue().isEmpty() ? id.textValue() : null;
    }

    // Telnyx refuses a minimum above the maximum; checked on the merged result so a PATCH of one bound counts.
    private static void checkJitterBufferBounds(JsonNode jitterBuffer) {
        JsonNode min = jitterBuffer.path("jitterbuffer_msec_min");
        JsonNode max = jitterBuffer.path("jitterbuffer_msec_max");
        if (min.isNumber() && max.isNumber() && min.longValue() > max.longValue()) {
            throw DomainException.invalid("/jitter_buffer/jitterbuffer_msec_min",
                    "jitter_buffer.jitterbuffer_msec_min (" + min.longValue()
                            + ") must not be greater than jitter_buffer.jitterbuffer_msec_max (" + max.longValue() + ").");
        }
    }
}
