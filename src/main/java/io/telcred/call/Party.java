package io.telcred.call;

/**
 * Who is at one end of a call: a login name of an account, as its door authenticated it, and the
 * name it shows. Only the display name comes from the client, and only for display: the identity
 * a callee sees as the number is always the login name.
 *
 * @param displayName what the client asked to be shown as, or the login name
 */
public record Party(String loginName, String accountId, String displayName) {

    private static final int MAX_DISPLAY_NAME = 64;

    public Party {
        String shown = displayName == null ? "" : clean(displayName);
        displayName = shown.isEmpty() ? loginName : shown;
    }

    public Party(String loginName, String accountId) {
        this(loginName, accountId, null);
    }

    /** Printable characters only, no quotes or angle brackets (it goes into SIP headers), at most 64. */
    private static String clean(String name) {
        String printable = name.replaceAll("[\\p{Cntrl}\"<>\\\\]", "").strip();
        return printable.length() > MAX_DISPLAY_NAME ? printable.substring(0, MAX_DISPLAY_NAME) : printable;
    }
}
