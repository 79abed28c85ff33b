package io.telcred.sip.message;

import io.telcred.common.Setting;
import io.telcred.common.SettingValues;

/**
 * Hard bounds on one SIP message, applied by {@link SipParser} and the frame decoders.
 *
 * @param maxMessageBytes the largest whole message (start line, headers and body) in bytes
 * @param maxHeaders      the most header lines (after unfolding) in one message
 * @param maxLineLength   the longest single line in bytes (a folded header counts each physical line)
 */
public record SipLimits(int maxMessageBytes, int maxHeaders, int maxLineLength) {

    public static final Setting<Integer> MAX_MESSAGE_BYTES = Setting.integer("TELCRED_SIP_MAX_MESSAGE_BYTES", 65_535,
            1_024, 1_048_576, "larger SIP messages are refused (400 on streams, dropped on UDP)");
    public static final Setting<Integer> MAX_HEADERS = Setting.integer("TELCRED_SIP_MAX_HEADERS", 128, 16, 10_000,
            "header lines one SIP message may have");
    public static final Setting<Integer> MAX_LINE_LENGTH = Setting.integer("TELCRED_SIP_MAX_LINE_LENGTH", 8_192, 256,
            1_048_576, "longest header line");

    /** 64 KiB messages (the largest UDP datagram), 128 header lines, 8 KiB per line. */
    public static final SipLimits DEFAULT = from(SettingValues.DEFAULTS);

    public SipLimits {
        if (maxMessageBytes <= 0 || maxHeaders <= 0 || maxLineLength <= 0) {
            throw new IllegalArgumentException("SIP limits must be positive: " + maxMessageBytes + ", "
                    + maxHeaders + ", " + maxLineLength);
        }
    }

    public static SipLimits from(SettingValues values) {
        return new SipLimits(values.get(MAX_MESSAGE_BYTES), values.get(MAX_HEADERS), values.get(MAX_LINE_LENGTH));
    }
}
