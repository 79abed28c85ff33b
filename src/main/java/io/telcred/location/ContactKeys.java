package io.telcred.location;

import java.util.Locale;

/**
 * The part of a contact URI that names a device, {@code user@host:port}, for finding a binding by
 * the target of a request inside a dialog: clients repeat their Contact with parameters in another
 * order, or with some added ({@code ;ob}), or with the host in another case.
 */
public final class ContactKeys {

    private ContactKeys() {
    }

    /** The key without its user, {@code @host:port}: what a Contact without a user part (as SIPp sends) is found by. */
    public static String withoutUser(String key) {
        int at = key.lastIndexOf('@');
        return at >= 0 ? key.substring(at) : "@" + key;
    }

    public static String of(String uri) {
        String text = uri.trim();
        if (text.startsWith("<") && text.indexOf('>') > 0) {
            text = text.substring(1, text.indexOf('>'));
        }
        int colon = text.indexOf(':');
        String scheme = colon >= 0 ? text.substring(0, colon) : "";
        String rest = scheme.equalsIgnoreCase("sip") || scheme.equalsIgnoreCase("sips") ? text.substring(colon + 1) : text;
        int end = rest.length();
        for (char stop : new char[] {';', '?'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        rest = rest.substring(0, end);
        int at = rest.lastIndexOf('@');
        String user = at >= 0 ? rest.substring(0, at) : "";
        String hostPort = (at >= 0 ? rest.substring(at + 1) : rest).toLowerCase(Locale.ROOT);
        return user + "@" + hostPort;
    }
}
