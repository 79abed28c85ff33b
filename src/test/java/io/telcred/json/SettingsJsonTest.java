package io.telcred.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telcred.common.DomainException;
import io.telcred.common.Problem;
import io.telcred.connection.ConnectionSettings;
import io.telcred.validation.Checks;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The settings of a connection as JSON requests change them: merged, bound, and validated by the domain. */
class SettingsJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String EXPECTED_DEFAULTS = """
            {
              "anchorsite_override": "Latency",
              "sip_uri_calling_preference": "disabled",
              "default_on_hold_comfort_noise_enabled": false,
              "dtmf_type": "RFC 2833",
              "encode_contact_header_enabled": false,
              "encrypted_media": null,
              "onnet_t38_passthrough_enabled": false,
              "webhook_event_url": null,
              "webhook_event_failover_url": "",
              "webhook_api_version": "1",
              "webhook_timeout_secs": null,
              "tags": [],
              "android_push_credential_id": null,
              "ios_push_credential_id": null,
              "call_cost_in_webhooks": false,
              "jitter_buffer": {
                "enable_jitter_buffer": false,
                "jitterbuffer_msec_min": 60,
                "jitterbuffer_msec_max": 200
              },
              "noise_suppression": "disabled",
              "noise_suppression_details": {"engine": "denoiser", "attenuation_limit": 0},
              "rtcp_settings": {"port": "rtp+1", "capture_enabled": false, "report_frequency_secs": 5},
              "inbound": {
                "ani_number_format": "E.164-national",
                "dnis_number_format": "e164",
                "channel_limit": null,
                "codecs": ["G722", "G711U", "G711A", "G729", "OPUS", "H.264"],
                "default_routing_method": null,
                "generate_ringback_tone": false,
                "isup_headers_enabled": false,
                "prack_enabled": false,
                "shaken_stir_enabled": false,
                "simultaneous_ringing": "disabled",
                "sip_compact_headers_enabled": true,
                "timeout_1xx_secs": 3,
                "timeout_2xx_secs": 90
              },
              "outbound": {
                "ani_override": "",
                "ani_override_type": "always",
                "call_parking_enabled": false,
                "channel_limit": null,
                "generate_ringback_tone": false,
                "instant_ringback_enabled": true,
                "localization": "US",
                "outbound_voice_profile_id": null,
                "t38_reinvite_source": "telnyx"
              }
            }
            """;

    /** Every enumerated field, by JSON pointer, with its complete set of values. */
    private static final Map<String, List<String>> ENUMS = Map.ofEntries(
            Map.entry("/anchorsite_override", List.of("Latency", "Chicago, IL", "Ashburn, VA", "San Jose, CA",
                    "Sydney, Australia", "Amsterdam, Netherlands", "London, UK", "Toronto, Canada", "Vancouver, Canada",
                    "Frankfurt, Germany")),
            Map.entry("/sip_uri_calling_preference", List.of("disabled", "unrestricted", "internal")),
            Map.entry("/dtmf_type", List.of("RFC 2833", "Inband", "SIP INFO")),
            Map.entry("/encrypted_media", List.of("SRTP")),
            Map.entry("/webhook_api_version", List.of("1", "2")),
            Map.entry("/noise_suppression", List.of("inbound", "outbound", "both", "disabled")),
            Map.entry("/noise_suppression_details/engine", List.of("denoiser", "deep_filter_net",
                    "deep_filter_net_large", "krisp_viva_tel", "krisp_viva_tel_lite", "krisp_viva_promodel",
                    "krisp_viva_ss", "quail_voice_focus")),
            Map.entry("/rtcp_settings/port", List.of("rtcp-mux", "rtp+1")),
            Map.entry("/inbound/ani_number_format", List.of("+E.164", "E.164", "+E.164-national", "E.164-national")),
            Map.entry("/inbound/dnis_number_format", List.of("+e164", "e164", "national", "sip_username")),
            Map.entry("/inbound/default_routing_method", List.of("sequential", "round-robin")),
            Map.entry("/inbound/simultaneous_ringing", List.of("disabled", "enabled")),
            Map.entry("/outbound/ani_override_type", List.of("always", "normal", "emergency")),
            Map.entry("/outbound/t38_reinvite_source", List.of("telnyx", "customer", "disabled", "passthru",
                    "caller-passthru", "callee-passthru")));

    @Test
    void defaultsHoldEverySettingWithTelnyxDefaultsAndJsonTypes() {
        ObjectNode defaults = defaults();

        assertThat(defaults).isEqualTo(json(EXPECTED_DEFAULTS));
        assertThat(defaults.get("tags").isArray()).isTrue();
        assertThat(defaults.get("webhook_api_version").isTextual()).isTrue();
        assertThat(defaults.at("/inbound/timeout_2xx_secs").isInt()).isTrue();
        assertThat(defaults.at("/inbound/sip_compact_headers_enabled").isBoolean()).isTrue();
        assertThat(defaults.at("/rtcp_settings/report_frequency_secs").isInt()).isTrue();
    }

    @Test
    void defaultsAreAFreshObjectEachTime() {
        ObjectNode first = defaults();
        ((ObjectNode) first.get("inbound")).put("timeout_1xx_secs", 99);
        ((ArrayNode) first.get("tags")).add("changed");

        assertThat(defaults()).isEqualTo(json(EXPECTED_DEFAULTS));
    }

    @Test
    void defaultsPassTheirOwnValidation() {
        ObjectNode defaults = defaults();

        assertThat(apply(defaults, defaults)).isEqualTo(defaults);
    }

    static Stream<Arguments> enumFields() {
        return ENUMS.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enumFields")
    void everyEnumFieldRejectsAValueOutsideItsSetWithItsPointer(String pointer, List<String> allowed) {
        DomainException error = rejection(requestWith(pointer, NODES.textNode("not-a-value")));

        assertThat(pointer(error)).isEqualTo(pointer);
        assertThat(error.detail()).contains("\"not-a-value\"");
        allowed.forEach(value -> assertThat(error.detail()).contains("\"" + value + "\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enumFields")
    void everyEnumFieldAcceptsEachValueOfItsSet(String pointer, List<String> allowed) {
        for (String value : allowed) {
            ObjectNode settings = apply(requestWith(pointer, NODES.textNode(value)));

            assertThat(settings.at(pointer).textValue()).isEqualTo(value);
        }
    }

    @Test
    void enumValuesAreCaseSensitive() {
        assertThat(pointer(rejection(json("{\"dtmf_type\": \"rfc 2833\"}")))).isEqualTo("/dtmf_type");
        assertThat(pointer(rejection(json("{\"webhook_api_version\": \"texml\"}")))).isEqualTo("/webhook_api_version");
    }

    @Test
    void nestedObjectsAreMergedKeepingUntouchedSiblings() {
        ObjectNode base = apply(json("""
                {"inbound": {"channel_limit": 10, "prack_enabled": true},
                 "outbound": {"localization": "GB"}}
                """));

        ObjectNode settings = apply(base, json("""
                {"inbound": {"dnis_number_format": "+e164"}, "rtcp_settings": {"port": "rtcp-mux"}}
                """));

        assertThat(settings.at("/inbound/dnis_number_format").textValue()).isEqualTo("+e164");
        assertThat(settings.at("/inbound/channel_limit").intValue()).isEqualTo(10);
        assertThat(settings.at("/inbound/prack_enabled").booleanValue()).isTrue();
        assertThat(settings.at("/inbound/timeout_2xx_secs").intValue()).isEqualTo(90);
        assertThat(settings.at("/outbound/localization").textValue()).isEqualTo("GB");
        assertThat(settings.at("/rtcp_settings/port").textValue()).isEqualTo("rtcp-mux");
        assertThat(settings.at("/rtcp_settings/report_frequency_secs").intValue()).isEqualTo(5);
    }

    @Test
    void aGroupMissingFromAnOlderStoredObjectIsFilledFromDefaultsBeforeMerging() {
        ObjectNode base = defaults();
        base.remove("jitter_buffer");

        ObjectNode settings = apply(base, json("{\"jitter_buffer\": {\"enable_jitter_buffer\": true}}"));

        assertThat(settings.get("jitter_buffer")).isEqualTo(json("""
                {"enable_jitter_buffer": true, "jitterbuffer_msec_min": 60, "jitterbuffer_msec_max": 200}
                """));
    }

    @Test
    void explicitNullClearsNullableFields() {
        ObjectNode base = apply(json("""
                {"encrypted_media": "SRTP", "webhook_event_url": "https://example.com/hooks",
                 "webhook_event_failover_url": "https://failover.example.com", "webhook_timeout_secs": 25,
                 "android_push_credential_id": "06b09dfd-7154-4980-8b75-cebf7a9d4f8e",
                 "ios_push_credential_id": "ec0c8e5d-439e-4620-a0c1-9d9c8d02a836",
                 "inbound": {"channel_limit": 10, "default_routing_method": "sequential"},
                 "outbound": {"ani_override": "+13125550100", "call_parking_enabled": true, "channel_limit": 5,
                              "outbound_voice_profile_id": "1293384261075731499"}}
                """));

        ObjectNode settings = apply(base, json("""
                {"encrypted_media": null, "webhook_event_url": null, "webhook_event_failover_url": null,
                 "webhook_timeout_secs": null, "android_push_credential_id": null, "ios_push_credential_id": null,
                 "inbound": {"channel_limit": null, "default_routing_method": null},
                 "outbound": {"ani_override": null, "call_parking_enabled": null, "channel_limit": null,
                              "outbound_voice_profile_id": null}}
                """));

        for (String pointer : List.of("/encrypted_media", "/webhook_event_url", "/webhook_event_failover_url",
                "/webhook_timeout_secs", "/android_push_credential_id", "/ios_push_credential_id",
                "/inbound/channel_limit", "/inbound/default_routing_method", "/outbound/ani_override",
                "/outbound/call_parking_enabled", "/outbound/channel_limit", "/outbound/outbound_voice_profile_id")) {
            assertThat(settings.at(pointer).isNull()).as(pointer).isTrue();
        }
    }

    @Test
    void explicitNullLeavesOtherFieldsAndGroupsUnchanged() {
        ObjectNode base = apply(json("""
                {"dtmf_type": "Inband", "tags": ["a"], "call_cost_in_webhooks": true,
                 "inbound": {"timeout_1xx_secs": 10}, "rtcp_settings": {"capture_enabled": true}}
                """));

        ObjectNode settings = apply(base, json("""
                {"dtmf_type": null, "tags": null, "call_cost_in_webhooks": null, "webhook_api_version": null,
                 "inbound": {"timeout_1xx_secs": null, "codecs": null}, "rtcp_settings": null, "jitter_buffer": null}
                """));

        assertThat(settings).isEqualTo(base);
    }

    @Test
    void sdkStyleCreateDefaultsAreAccepted() {
        ObjectNode settings = apply(json("""
                {"connection_name": "office", "user_name": "office1234", "password": "secret-password",
                 "active": true, "webhook_event_failover_url": "", "webhook_event_url": "",
                 "webhook_api_version": "1", "dtmf_type": "RFC 2833", "anchorsite_override": "Latency",
                 "webhook_timeout_secs": null, "encrypted_media": null,
                 "inbound": {"ani_number_format": "E.164-national", "dnis_number_format": "e164",
                             "codecs": ["G722", "G711U", "G711A", "G729", "OPUS", "H.264"],
                             "sip_compact_headers_enabled": true, "timeout_1xx_secs": 3, "timeout_2xx_secs": "90",
                             "privacy_zone_enabled": false},
                 "outbound": {"ani_override": "", "ani_override_type": "always", "localization": "US",
                              "t38_reinvite_source": "telnyx", "call_parking_enabled": false},
                 "rtcp_settings": {"port": "rtp+1", "capture_enabled": false, "report_frequency_secs": 5}}
                """));

        assertThat(settings.get("webhook_event_failover_url").textValue()).isEmpty();
        assertThat(settings.get("webhook_event_url").textValue()).isEmpty();
        assertThat(settings.get("webhook_api_version").textValue()).isEqualTo("1");
        assertThat(settings.get("dtmf_type").textValue()).isEqualTo("RFC 2833");
    }

    @Test
    void timeout2xxSentAsDigitsByOlderSdksIsStoredAsANumber() {
        ObjectNode settings = apply(json("{\"inbound\": {\"timeout_2xx_secs\": \"120\"}}"));

        assertThat(settings.at("/inbound/timeout_2xx_secs").isInt()).isTrue();
        assertThat(settings.at("/inbound/timeout_2xx_secs").intValue()).isEqualTo(120);
        assertThat(pointer(rejection(json("{\"inbound\": {\"timeout_2xx_secs\": \"601\"}}"))))
                .isEqualTo("/inbound/timeout_2xx_secs");
        assertThat(pointer(rejection(json("{\"inbound\": {\"timeout_2xx_secs\": \"ninety\"}}"))))
                .isEqualTo("/inbound/timeout_2xx_secs");
        assertThat(pointer(rejection(json("{\"inbound\": {\"timeout_1xx_secs\": \"3\"}}"))))
                .isEqualTo("/inbound/timeout_1xx_secs");
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("/call_cost_in_webhooks", "\"true\""),
                Arguments.of("/call_cost_in_webhooks", "1"),
                Arguments.of("/default_on_hold_comfort_noise_enabled", "{}"),
                Arguments.of("/dtmf_type", "{\"value\": \"RFC 2833\"}"),
                Arguments.of("/webhook_api_version", "1"),
                Arguments.of("/webhook_event_url", "[\"https://example.com\"]"),
                Arguments.of("/webhook_timeout_secs", "\"25\""),
                Arguments.of("/webhook_timeout_secs", "2.5"),
                Arguments.of("/tags", "\"tag1\""),
                Arguments.of("/tags/1", "7"),
                Arguments.of("/tags/1", "null"),
                Arguments.of("/android_push_credential_id", "42"),
                Arguments.of("/inbound", "\"inbound\""),
                Arguments.of("/inbound", "[]"),
                Arguments.of("/inbound/codecs", "\"G722\""),
                Arguments.of("/inbound/channel_limit", "10.5"),
                Arguments.of("/inbound/sip_compact_headers_enabled", "\"false\""),
                Arguments.of("/jitter_buffer/jitterbuffer_msec_min", "true"),
                Arguments.of("/outbound/outbound_voice_profile_id", "1293384261075731499"),
                Arguments.of("/outbound/localization", "[\"US\"]"),
                Arguments.of("/outbound/call_parking_enabled", "\"yes\""),
                Arguments.of("/rtcp_settings", "true"),
                Arguments.of("/noise_suppression_details/attenuation_limit", "\"80\""));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("wrongTypes")
    void aValueOfTheWrongJsonTypeIsRejectedWithItsPointer(String pointer, String value) {
        JsonNode request = pointer.equals("/tags/1")
                ? json("{\"tags\": [\"ok\", " + value + "]}")
                : requestWith(pointer, json(value));

        DomainException error = rejection(request);

        assertThat(pointer(error)).isEqualTo(pointer);
        assertThat(error.problem()).isEqualTo(Problem.INVALID_VALUE);
        assertThat(error.detail()).contains(pointer.substring(1).replace('/', '.') + " must be");
    }

    @Test
    void wholeNumbersWrittenWithADecimalPointAreAcceptedAsIntegers() {
        ObjectNode settings = apply(json("{\"webhook_timeout_secs\": 25.0}"));

        assertThat(settings.get("webhook_timeout_secs").isInt()).isTrue();
        assertThat(settings.get("webhook_timeout_secs").intValue()).isEqualTo(25);
    }

    static Stream<Arguments> outOfRangeIntegers() {
        return Stream.of(
                Arguments.of("/webhook_timeout_secs", -1),
                Arguments.of("/webhook_timeout_secs", 31),
                Arguments.of("/inbound/timeout_1xx_secs", 0),
                Arguments.of("/inbound/timeout_1xx_secs", 121),
                Arguments.of("/inbound/timeout_2xx_secs", 0),
                Arguments.of("/inbound/timeout_2xx_secs", 601),
                Arguments.of("/inbound/channel_limit", 0),
                Arguments.of("/outbound/channel_limit", -5),
                Arguments.of("/rtcp_settings/report_frequency_secs", 4),
                Arguments.of("/rtcp_settings/report_frequency_secs", 3001),
                Arguments.of("/jitter_buffer/jitterbuffer_msec_min", 39),
                Arguments.of("/jitter_buffer/jitterbuffer_msec_max", 401),
                Arguments.of("/noise_suppression_details/attenuation_limit", 101),
                Arguments.of("/noise_suppression_details/attenuation_limit", 85));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("outOfRangeIntegers")
    void integersOutsideTheirRangeAreRejected(String pointer, int value) {
        DomainException error = rejection(requestWith(pointer, NODES.numberNode(value)));

        assertThat(pointer(error)).isEqualTo(pointer);
        assertThat(error.detail()).contains("from").contains("to");
    }

    @Test
    void integersAtTheEdgesOfTheirRangeAreAccepted() {
        ObjectNode settings = apply(json("""
                {"webhook_timeout_secs": 0, "inbound": {"timeout_1xx_secs": 120, "timeout_2xx_secs": 1},
                 "rtcp_settings": {"report_frequency_secs": 3000},
                 "jitter_buffer": {"jitterbuffer_msec_min": 40, "jitterbuffer_msec_max": 400},
                 "noise_suppression_details": {"attenuation_limit": 100}}
                """));

        assertThat(settings.get("webhook_timeout_secs").intValue()).isZero();
        assertThat(settings.at("/inbound/timeout_1xx_secs").intValue()).isEqualTo(120);
        assertThat(settings.at("/noise_suppression_details/attenuation_limit").intValue()).isEqualTo(100);
    }

    @Test
    void hugeIntegersAreRejectedRatherThanOverflowing() {
        DomainException error = rejection(json("{\"webhook_timeout_secs\": 4294967321}"));

        assertThat(pointer(error)).isEqualTo("/webhook_timeout_secs");
    }

    @Test
    void jitterBufferMinimumAboveTheMaximumIsRejectedEvenWhenOnlyOneBoundIsSent() {
        assertThat(pointer(rejection(json("{\"jitter_buffer\": {\"jitterbuffer_msec_min\": 300, \"jitterbuffer_msec_max\": 100}}"))))
                .isEqualTo("/jitter_buffer/jitterbuffer_msec_min");
        // The stored maximum is the default 200.
        assertThat(pointer(rejection(json("{\"jitter_buffer\": {\"jitterbuffer_msec_min\": 250}}"))))
                .isEqualTo("/jitter_buffer/jitterbuffer_msec_min");
        assertThat(apply(json("{\"jitter_buffer\": {\"jitterbuffer_msec_min\": 200}}"))
                .at("/jitter_buffer/jitterbuffer_msec_min").intValue()).isEqualTo(200);
    }

    @Test
    void overLongStringsAreRejected() {
        String tooLong = "x".repeat(256);

        assertThat(pointer(rejection(json("{\"ios_push_credential_id\": \"" + tooLong + "\"}"))))
                .isEqualTo("/ios_push_credential_id");
        assertThat(pointer(rejection(json("{\"outbound\": {\"ani_override\": \"" + tooLong + "\"}}"))))
                .isEqualTo("/outbound/ani_override");
        assertThat(pointer(rejection(json("{\"tags\": [\"ok\", \"" + tooLong + "\"]}")))).isEqualTo("/tags/1");
        assertThat(apply(json("{\"tags\": [\"" + "x".repeat(255) + "\"]}")).at("/tags/0").textValue()).hasSize(255);
    }

    @Test
    void stringsWithControlCharactersAreRejected() {
        assertThat(pointer(rejection(json("{\"outbound\": {\"ani_override\": \"+1312\\u0000555\"}}"))))
                .isEqualTo("/outbound/ani_override");
        assertThat(pointer(rejection(json("{\"tags\": [\"line\\nbreak\"]}")))).isEqualTo("/tags/0");
        assertThat(pointer(rejection(json("{\"webhook_event_url\": \"https://example.com/\\u007f\"}"))))
                .isEqualTo("/webhook_event_url");
        assertThat(pointer(rejection(json("{\"android_push_credential_id\": \"\\ud800\"}"))))
                .isEqualTo("/android_push_credential_id");
    }

    @Test
    void nonAsciiPrintableTextIsAccepted() {
        ObjectNode settings = apply(json("{\"tags\": [\"équipe\", \"東京\", \"🎧 desk\"]}"));

        assertThat(settings.get("tags")).hasSize(3);
    }

    @Test
    void webhookUrlsMustBeAbsoluteHttpOrHttpsUrls() {
        for (String bad : List.of("example.com/hooks", "/hooks", "ftp://example.com/hooks", "https://",
                "https:///path", "http://exa mple.com", "javascript:alert(1)", "mailto:ops@example.com")) {
            assertThat(pointer(rejection(json("{\"webhook_event_url\": \"" + bad + "\"}")))).as(bad)
                    .isEqualTo("/webhook_event_url");
            assertThat(pointer(rejection(json("{\"webhook_event_failover_url\": \"" + bad + "\"}")))).as(bad)
                    .isEqualTo("/webhook_event_failover_url");
        }
        ObjectNode settings = apply(json("""
                {"webhook_event_url": "https://example.com:8443/hooks?x=1",
                 "webhook_event_failover_url": "HTTP://10.0.0.5/failover"}
                """));
        assertThat(settings.get("webhook_event_url").textValue()).isEqualTo("https://example.com:8443/hooks?x=1");
        assertThat(settings.get("webhook_event_failover_url").textValue()).isEqualTo("HTTP://10.0.0.5/failover");
    }

    @Test
    void webhookUrlsLongerThan2048CharactersAreRejected() {
        String prefix = "https://example.com/";
        String atLimit = prefix + "a".repeat(2048 - prefix.length());

        assertThat(apply(json("{\"webhook_event_url\": \"" + atLimit + "\"}")).get("webhook_event_url").textValue())
                .hasSize(2048);
        DomainException error = rejection(json("{\"webhook_event_url\": \"" + atLimit + "a\"}"));
        assertThat(pointer(error)).isEqualTo("/webhook_event_url");
        assertThat(error.detail()).contains("2048").contains("a string of 2049 characters");
    }

    @Test
    void errorDetailsQuoteAtMostAHundredCharactersOfTheBadValue() {
        String longBadValue = "Z".repeat(5000);

        DomainException error = rejection(json("{\"inbound\": {\"dnis_number_format\": \"" + longBadValue + "\"}}"));

        assertThat(pointer(error)).isEqualTo("/inbound/dnis_number_format");
        assertThat(error.detail()).doesNotContain("Z".repeat(101)).hasSizeLessThan(400);
        assertThat(error.detail()).contains("\"+e164\", \"e164\", \"national\", \"sip_username\"");
    }

    @Test
    void tagsAreLimitedToAHundredNonEmptyStrings() {
        ArrayNode hundred = NODES.arrayNode();
        for (int i = 0; i < 100; i++) {
            hundred.add("tag" + i);
        }
        ObjectNode request = NODES.objectNode();
        request.set("tags", hundred);
        assertThat(apply(request).get("tags")).hasSize(100);

        hundred.add("one-too-many");
        assertThat(pointer(rejection(request))).isEqualTo("/tags");

        assertThat(pointer(rejection(json("{\"tags\": [\"a\", \"b\", \"\"]}")))).isEqualTo("/tags/2");
        assertThat(apply(json("{\"tags\": []}")).get("tags")).isEmpty();
    }

    @Test
    void tagsReplaceTheStoredListRatherThanMergingIntoIt() {
        ObjectNode base = apply(json("{\"tags\": [\"a\", \"b\"]}"));

        assertThat(apply(base, json("{\"tags\": [\"c\"]}")).get("tags")).isEqualTo(json("[\"c\"]"));
    }

    @Test
    void codecsMustBeKnownDistinctAndNonEmpty() {
        assertThat(apply(json("{\"inbound\": {\"codecs\": [\"OPUS\", \"VP8\", \"AMR-WB\"]}}")).at("/inbound/codecs"))
                .isEqualTo(json("[\"OPUS\", \"VP8\", \"AMR-WB\"]"));

        DomainException unknown = rejection(json("{\"inbound\": {\"codecs\": [\"G722\", \"SPEEX\"]}}"));
        assertThat(pointer(unknown)).isEqualTo("/inbound/codecs/1");
        assertThat(unknown.detail()).contains("\"G711U\"");

        assertThat(pointer(rejection(json("{\"inbound\": {\"codecs\": [\"G722\", \"G729\", \"G722\"]}}"))))
                .isEqualTo("/inbound/codecs/2");
        assertThat(pointer(rejection(json("{\"inbound\": {\"codecs\": []}}")))).isEqualTo("/inbound/codecs");
    }

    @Test
    void localizationIsATwoLetterCountryCodeOrBlank() {
        assertThat(apply(json("{\"outbound\": {\"localization\": \"GB\"}}")).at("/outbound/localization").textValue())
                .isEqualTo("GB");
        assertThat(apply(json("{\"outbound\": {\"localization\": \"\"}}")).at("/outbound/localization").textValue())
                .isEmpty();
        assertThat(pointer(rejection(json("{\"outbound\": {\"localization\": \"USA\"}}"))))
                .isEqualTo("/outbound/localization");
        assertThat(pointer(rejection(json("{\"outbound\": {\"localization\": \"U1\"}}"))))
                .isEqualTo("/outbound/localization");
    }

    @Test
    void coreAndUnknownFieldsAreIgnored() {
        ObjectNode settings = apply(json("""
                {"id": "1293384261075731499", "record_type": "credential_connection", "user_name": "x",
                 "password": 12, "connection_name": {}, "active": "maybe", "created_at": 5,
                 "conversation_persistence": true, "something_new": [1, 2],
                 "inbound": {"privacy_zone_enabled": "whatever", "sip_region": 9},
                 "rtcp_settings": {"report_frequency_seconds": "ten"}}
                """));

        assertThat(settings).isEqualTo(json(EXPECTED_DEFAULTS));
    }

    @Test
    void theFirstBadValueInTableOrderIsReported() {
        DomainException error = rejection(json("""
                {"outbound": {"ani_override_type": "sometimes"}, "dtmf_type": "pulse"}
                """));

        assertThat(pointer(error)).isEqualTo("/dtmf_type");
    }

    @Test
    void baseIsNotModified() {
        ObjectNode base = defaults();
        ObjectNode snapshot = base.deepCopy();

        ObjectNode settings = apply(base, json("""
                {"dtmf_type": "Inband", "tags": ["x"], "inbound": {"prack_enabled": true},
                 "outbound": {"outbound_voice_profile_id": "42"}, "encrypted_media": null}
                """));
        ((ObjectNode) settings.get("inbound")).put("timeout_1xx_secs", 77);

        assertThat(base).isEqualTo(snapshot);
    }

    @Test
    void baseIsNotModifiedWhenTheRequestIsRejected() {
        ObjectNode base = defaults();

        rejection(base, json("{\"inbound\": {\"prack_enabled\": true, \"timeout_1xx_secs\": 0}}"));

        assertThat(base).isEqualTo(json(EXPECTED_DEFAULTS));
    }

    @Test
    void anAbsentOrNullRequestReturnsACopyOfBase() {
        ObjectNode base = apply(json("{\"dtmf_type\": \"SIP INFO\"}"));

        ObjectNode fromNull = apply(base, null);
        ObjectNode fromJsonNull = apply(base, NODES.nullNode());

        assertThat(fromNull).isEqualTo(base).isNotSameAs(base);
        assertThat(fromJsonNull).isEqualTo(base).isNotSameAs(base);
    }

    @Test
    void aRequestThatIsNotAnObjectChangesNothing() {
        assertThat(apply(defaults(), json("[{\"dtmf_type\": \"Inband\"}]"))).isEqualTo(json(EXPECTED_DEFAULTS));
    }

    @Test
    void outboundVoiceProfileIdIsReadFromTheOutboundGroup() {
        assertThat(settings(json("{\"outbound\": {\"outbound_voice_profile_id\": \"1293384261075731499\"}}"))
                .outboundVoiceProfileId()).isEqualTo("1293384261075731499");
        assertThat(ConnectionSettings.DEFAULTS.outboundVoiceProfileId()).isNull();
        assertThat(settings(json("{\"outbound\": {\"outbound_voice_profile_id\": \"\"}}")).outboundVoiceProfileId()).isNull();
    }

    @Test
    void settingsAsStoredBeforeAFieldExistedReadWithItsDefault() {
        ObjectNode stored = defaults();
        ((ObjectNode) stored.get("inbound")).remove("timeout_2xx_secs");
        stored.remove("noise_suppression");

        assertThat(SettingsJson.read(stored.toString())).isEqualTo(ConnectionSettings.DEFAULTS);
    }

    private static ObjectNode defaults() {
        return SettingsJson.write(ConnectionSettings.DEFAULTS);
    }

    /** What a request does to stored settings: merged into them, bound, and validated as the service does. */
    private static ObjectNode apply(ObjectNode base, JsonNode request) {
        return SettingsJson.write(settings(base, request));
    }

    private static ConnectionSettings settings(JsonNode request) {
        return settings(defaults(), request);
    }

    private static ConnectionSettings settings(ObjectNode base, JsonNode request) {
        return Checks.valid(SettingsJson.merged(SettingsJson.read(base.toString()), request));
    }

    private static String pointer(DomainException error) {
        return "/" + error.field().replace('.', '/');
    }

    private static ObjectNode apply(JsonNode request) {
        return apply(defaults(), request);
    }

    private static DomainException rejection(JsonNode request) {
        return rejection(defaults(), request);
    }

    private static DomainException rejection(ObjectNode base, JsonNode request) {
        try {
            apply(base, request);
        } catch (DomainException e) {
            assertThat(e.problem()).isEqualTo(Problem.INVALID_VALUE);
            return e;
        }
        return fail("expected " + request + " to be rejected");
    }

    /** A request holding {@code value} at {@code pointer}, with the objects on the way. */
    private static ObjectNode requestWith(String pointer, JsonNode value) {
        String[] names = pointer.substring(1).split("/");
        ObjectNode request = NODES.objectNode();
        ObjectNode current = request;
        for (int i = 0; i < names.length - 1; i++) {
            current = current.putObject(names[i]);
        }
        current.set(names[names.length - 1], value);
        return request;
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
