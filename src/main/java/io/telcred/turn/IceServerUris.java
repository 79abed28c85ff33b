package io.telcred.turn;

import io.telcred.common.Cidr;
import io.telcred.common.Setting;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TURN and STUN URIs a browser is given as {@code RTCIceServer.urls}: {@code turn:} and
 * {@code turns:} (RFC 7065) and {@code stun:} (RFC 7064), each a host with an optional port, and on
 * TURN an optional {@code ?transport=udp} or {@code tcp}. A browser refuses the whole
 * {@code RTCPeerConnection} for one URI it cannot parse, so a bad one stops the start instead.
 */
final class IceServerUris {

    private static final Pattern URI = Pattern.compile(
            "(turns?|stun):(\\[[^\\]]*]|[^:?\\[\\]]+)(?::([0-9]{1,5}))?(\\?.*)?");
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern DOTTED_NUMBERS = Pattern.compile("[0-9.]+");
    private static final String FORM = "must be comma-separated turn:, turns: or stun: URIs (host, optional :port, and "
            + "?transport=udp or ?transport=tcp on TURN only), such as turn:turn.example.com:3478?transport=udp";

    private IceServerUris() {
    }

    /** The URIs of a comma-separated list, in its order; throws {@link IllegalArgumentException} naming the first bad one. */
    static List<String> parse(String text) {
        List<String> uris = Setting.commaSeparated(text);
        for (String uri : uris) {
            String problem = problem(uri);
            if (problem != null) {
                throw new IllegalArgumentException(FORM + "; '" + uri + "' " + problem);
            }
        }
        return uris;
    }

    /** Whether the URI names a relay (TURN), as opposed to a STUN server that only reflects addresses. */
    static boolean relays(String uri) {
        return uri.startsWith("turn:") || uri.startsWith("turns:");
    }

    /** What is wrong with the URI, or null when nothing is. */
    private static String problem(String uri) {
        Matcher parts = URI.matcher(uri);
        if (!parts.matches()) {
            return "is not one";
        }
        String host = parts.group(2);
        if (!validHost(host)) {
            return "has a bad host";
        }
        if (parts.group(3) != null) {
            int port = Integer.parseInt(parts.group(3));
            if (port < 1 || port > 65_535) {
                return "has a port outside 1-65535";
            }
        }
        String query = parts.group(4);
        if (query != null && parts.group(1).equals("stun")) {
            return "is a stun: URI, which takes no ?transport";
        }
        if (query != null && !query.equals("?transport=udp") && !query.equals("?transport=tcp")) {
            return "may end only in ?transport=udp or ?transport=tcp";
        }
        return null;
    }

    /** An IPv6 literal in brackets, an IPv4 address or a DNS name; never looked up. */
    private static boolean validHost(String host) {
        if (host.startsWith("[")) {
            return host.contains(":") && Cidr.address(host) != null;
        }
        if (DOTTED_NUMBERS.matcher(host).matches()) {
            return Cidr.address(host) != null;
        }
        return HOST_NAME.matcher(host).matches();
    }
}
