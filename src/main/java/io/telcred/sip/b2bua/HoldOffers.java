package io.telcred.sip.b2bua;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device's re-offer inside a bridged call, answered by telcred itself (RFC 3264 §8.4): the
 * other side cannot be asked for a new answer, so the answer is the SDP the device already has,
 * with the direction that mirrors the offer's and the next version. What the re-offer means for
 * the call is whether the device holds it: {@code sendonly} or {@code inactive}.
 */
final class HoldOffers {

    private static final Pattern DIRECTION = Pattern.compile("(?m)^a=(sendrecv|sendonly|recvonly|inactive)\\r?$");

    private HoldOffers() {
    }

    /** Whether the offer puts the call on hold (its first direction attribute, session or media). */
    static boolean holds(String offer) {
        Matcher direction = DIRECTION.matcher(offer);
        return direction.find() && (direction.group(1).equals("sendonly") || direction.group(1).equals("inactive"));
    }

    /** The earlier SDP as the answer to {@code offer}: the mirrored direction, the origin's version plus one. */
    static String answer(String earlier, String offer) {
        Matcher direction = DIRECTION.matcher(offer);
        String offered = direction.find() ? direction.group(1) : "sendrecv";
        String mirrored = switch (offered) {
            case "sendonly" -> "recvonly";
            case "recvonly" -> "sendonly";
            default -> offered;
        };
        String withoutDirection = DIRECTION.matcher(earlier).replaceAll("").replaceAll("(\\r?\\n){2,}", "\r\n");
        String answer = withoutDirection.endsWith("\n") ? withoutDirection : withoutDirection + "\r\n";
        return SdpOrigin.following(earlier, answer + "a=" + mirrored + "\r\n");
    }
}
