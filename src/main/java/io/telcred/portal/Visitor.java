package io.telcred.portal;

import io.telcred.user.PortalUser;

/**
 * The signed-in user behind a request, with what a page needs to act for them: the account every
 * service is called with, and the token every form must carry back ({@link Csrf}).
 */
record Visitor(PortalUser user, String csrfToken) {

    String accountId() {
        return user.accountId();
    }
}
