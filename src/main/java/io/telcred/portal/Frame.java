package io.telcred.portal;

/**
 * What the layout around every page needs: the page's title, which part of the portal it belongs
 * to (the navigation marks it), who is signed in, and a one-time notice from the last action.
 *
 * @param section  the navigation entry this page is under, or "" outside the navigation
 * @param visitor  null on the sign-in pages
 * @param notice   a sentence to show once ("Connection created."), or null
 */
public record Frame(String title, String section, Visitor visitor, String notice) {

    public boolean signedIn() {
        return visitor != null;
    }

    public String email() {
        return visitor == null ? "" : visitor.user().email();
    }

    public boolean owner() {
        return visitor != null && visitor.user().owner();
    }

    /** The token every form of this page carries in its {@code _csrf} field. */
    public String csrf() {
        return visitor == null ? "" : visitor.csrfToken();
    }

    public boolean in(String name) {
        return section.equals(name);
    }
}
