package io.telcred.connection;

import io.telcred.validation.Distinct;
import io.telcred.validation.HttpUrl;
import io.telcred.validation.OneOf;
import io.telcred.validation.Text;
import io.telcred.validation.Whole;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The settings of a credential connection: every field of the Telnyx v2 {@code credential_connection}
 * object besides its identity, credentials and timestamps. telcred stores and returns them, with
 * Telnyx's defaults, even where it has no behaviour for them. A component that may not be null is
 * primitive or {@code @NotNull}; the others may be null, which clears them.
 *
 * <p>Types, enums, ranges and defaults follow the Telnyx OpenAPI schemas {@code CredentialConnection},
 * {@code CreateCredentialConnectionRequest}, {@code CredentialInbound}, {@code CredentialOutbound},
 * {@code ConnectionRtcpSettings}, {@code ConnectionJitterBuffer} and
 * {@code ConnectionNoiseSuppressionDetails}. Where those give no default or limit, the choice made
 * here is commented at {@link #DEFAULTS} and on the component.
 */
public record ConnectionSettings(
        @NotNull @OneOf({"Latency", "Chicago, IL", "Ashburn, VA", "San Jose, CA", "Sydney, Australia",
                "Amsterdam, Netherlands", "London, UK", "Toronto, Canada", "Vancouver, Canada", "Frankfurt, Germany"})
        String anchorsiteOverride,
        @NotNull @OneOf({"disabled", "unrestricted", "internal"}) String sipUriCallingPreference,
        boolean defaultOnHoldComfortNoiseEnabled,
        @NotNull @OneOf({"RFC 2833", "Inband", "SIP INFO"}) String dtmfType,
        boolean encodeContactHeaderEnabled,
        @OneOf("SRTP") String encryptedMedia,
        boolean onnetT38PassthroughEnabled,
        @HttpUrl String webhookEventUrl,
        @HttpUrl String webhookEventFailoverUrl,
        // The create schema also lists "texml", but responses and updates only know "1" and "2".
        @NotNull @OneOf({"1", "2"}) String webhookApiVersion,
        @Whole(min = 0, max = 30) Integer webhookTimeoutSecs,
        @NotNull @Size(max = 100) List<@NotNull @Text(min = 1, max = TEXT) String> tags,
        @Text(max = TEXT) String androidPushCredentialId,
        @Text(max = TEXT) String iosPushCredentialId,
        boolean callCostInWebhooks,
        @NotNull @Valid JitterBuffer jitterBuffer,
        @NotNull @OneOf({"inbound", "outbound", "both", "disabled"}) String noiseSuppression,
        @NotNull @Valid NoiseSuppressionDetails noiseSuppressionDetails,
        @NotNull @Valid RtcpSettings rtcpSettings,
        @NotNull @Valid InboundSettings inbound,
        @NotNull @Valid OutboundSettings outbound) {

    /** The longest free text of a setting. */
    static final int TEXT = 255;
    // Not bounded by the schema: null means "no limit", so a limit is at least one call.
    static final int MAX_CHANNEL_LIMIT = 1_000_000;

    /**
     * A new connection's settings. No default in the schema for {@code sip_uri_calling_preference}:
     * "disabled" keeps SIP URI calling off until asked for. {@code default_on_hold_comfort_noise_enabled}
     * takes the create request's default (the response schema says true). Noise suppression is a
     * paid feature, so it starts off.
     */
    public static final ConnectionSettings DEFAULTS = new ConnectionSettings("Latency", "disabled", false, "RFC 2833",
            false, null, false, null, "", "1", null, List.of(), null, null, false, JitterBuffer.DEFAULTS, "disabled",
            NoiseSuppressionDetails.DEFAULTS, RtcpSettings.DEFAULTS, InboundSettings.DEFAULTS, OutboundSettings.DEFAULTS);

    public ConnectionSettings {
        tags = unmodifiable(tags);
    }

    /** The outbound voice profile id, or null when none is set; the store keeps it in a column for filtering. */
    public String outboundVoiceProfileId() {
        String id = outbound == null ? null : outbound.outboundVoiceProfileId();
        return id == null || id.isEmpty() ? null : id;
    }

    /** A copy no one can change; unlike {@code List.copyOf} it keeps a null item, for validation to refuse. */
    private static <T> List<T> unmodifiable(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    @MinimumNotAboveMaximum
    public record JitterBuffer(boolean enableJitterBuffer, @Whole(min = 40, max = 400) int jitterbufferMsecMin,
                               @Whole(min = 40, max = 400) int jitterbufferMsecMax) {

        static final JitterBuffer DEFAULTS = new JitterBuffer(false, 60, 200);
    }

    public record NoiseSuppressionDetails(
            @NotNull @OneOf({"denoiser", "deep_filter_net", "deep_filter_net_large", "krisp_viva_tel",
                    "krisp_viva_tel_lite", "krisp_viva_promodel", "krisp_viva_ss", "quail_voice_focus"}) String engine,
            // 0 is the documented default of the default engine.
            @Whole(min = 0, max = 100, step = 10) int attenuationLimit) {

        static final NoiseSuppressionDetails DEFAULTS = new NoiseSuppressionDetails("denoiser", 0);
    }

    public record RtcpSettings(@NotNull @OneOf({"rtcp-mux", "rtp+1"}) String port, boolean captureEnabled,
                               @Whole(min = 5, max = 3000) int reportFrequencySecs) {

        static final RtcpSettings DEFAULTS = new RtcpSettings("rtp+1", false, 5);
    }

    public record InboundSettings(
            @NotNull @OneOf({"+E.164", "E.164", "+E.164-national", "E.164-national"}) String aniNumberFormat,
            @NotNull @OneOf({"+e164", "e164", "national", "sip_username"}) String dnisNumberFormat,
            @Whole(min = 1, max = MAX_CHANNEL_LIMIT) Integer channelLimit,
            // The schema types codecs as free strings; these are the codecs Telnyx offers on SIP connections.
            @NotNull @Size(min = 1, max = 8) @Distinct
            List<@NotNull @OneOf({"G722", "G711U", "G711A", "G729", "OPUS", "H.264", "VP8", "AMR-WB"}) String> codecs,
            // In the current schema though not in rest-v2.md; "left blank" (null) by default.
            @OneOf({"sequential", "round-robin"}) String defaultRoutingMethod,
            boolean generateRingbackTone,
            boolean isupHeadersEnabled,
            boolean prackEnabled,
            boolean shakenStirEnabled,
            @NotNull @OneOf({"disabled", "enabled"}) String simultaneousRinging,
            boolean sipCompactHeadersEnabled,
            @Whole(min = 1, max = 120) int timeout1xxSecs,
            @Whole(min = 1, max = 600) int timeout2xxSecs) {

        static final InboundSettings DEFAULTS = new InboundSettings("E.164-national", "e164", null,
                List.of("G722", "G711U", "G711A", "G729", "OPUS", "H.264"), null, false, false, false, false, "disabled",
                true, 3, 90);

        public InboundSettings {
            codecs = unmodifiable(codecs);
        }
    }

    public record OutboundSettings(
            @Text(max = TEXT) String aniOverride,
            @NotNull @OneOf({"always", "normal", "emergency"}) String aniOverrideType,
            Boolean callParkingEnabled,
            @Whole(min = 1, max = MAX_CHANNEL_LIMIT) Integer channelLimit,
            boolean generateRingbackTone,
            boolean instantRingbackEnabled,
            // Blank means "try US, then GB dialing rules".
            @NotNull @Pattern(regexp = "[A-Za-z]{2}|",
                    message = "a two-letter country code such as \"US\", or an empty string") String localization,
            // An opaque id (int64 strings at Telnyx); telcred keeps no voice profiles to check it against.
            @Text(max = TEXT) String outboundVoiceProfileId,
            @NotNull @OneOf({"telnyx", "customer", "disabled", "passthru", "caller-passthru", "callee-passthru"})
            String t38ReinviteSource) {

        static final OutboundSettings DEFAULTS = new OutboundSettings("", "always", false, null, false, true, "US", null,
                "telnyx");
    }
}
