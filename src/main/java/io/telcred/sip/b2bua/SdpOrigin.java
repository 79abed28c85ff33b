package io.telcred.sip.b2bua;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A party's SDP inside one session keeps the origin line of its first, with the version raised at
 * every change (RFC 3264 §8). telcred sends a device SDP written by others (the other party's, or
 * its own after an earlier one), so it writes the origin the device expects into it.
 */
final class SdpOrigin {

    private static final Pattern ORIGIN = Pattern.compile("(?m)^(o=\\S+ \\S+ )(\\d+)( .*)$");

    private SdpOrigin() {
    }

    /** {@code sdp} with the origin of {@code earlier} and its version plus one; as it is without an earlier origin. */
    static String following(String earlier, String sdp) {
        if (earlier == null) {
            return sdp;
        }
        Matcher before = ORIGIN.matcher(earlier);
        Matcher now = ORIGIN.matcher(sdp);
        if (!before.find() || !now.find()) {
            return sdp;
        }
        String version = new BigInteger(before.group(2)).add(BigInteger.ONE).toString();
        return sdp.substring(0, now.start()) + before.group(1) + version + before.group(3) + sdp.substring(now.end());
    }
}
