package io.telcred.sip.message;

/**
 * Hard bounds on one SIP message, applied by {@link SipParser} and the frame decoders.
 *
 * @param maxMessageBytes the largest whole message (start line, headers and body) in bytes
 * @param maxHeaders      the most header lines (after unfolding) in one message
 * @param maxLineLength   the longest single line in bytes (a folded header counts each physical line)
 */
public record SipLimits(int maxMessageBytes, int maxHeaders, int maxLineLength) {

    /** 64 KiB messages (the largest UDP datagram), 128 header lines, 8 KiB per line. */
    public static final SipLimits DEFAULT = new SipLimits(65_535, 128, 8_192);

    public SipLimits {
        if (maxMessageBytes <= 0 || maxHeaders <= 0 || maxLineLength <= 0) {
            throw new IllegalArgumentException("SIP limits must be positive: " + maxMessageBytes + ", "
                    + maxHeaders + ", " + maxLineLength);
        }
    }
}
