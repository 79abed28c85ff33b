package io.telcred.portal;

import io.telcred.crypto.Macs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Cross-site request forgery protection: every form and every script request that changes
 * something carries a token another site cannot know. The token is a MAC of the session's own
 * secret token, so it needs no storage and survives a restart; the session cookie is also
 * {@code SameSite=Lax}, which keeps it off cross-site posts in the first place.
 */
final class Csrf {

    static final String FIELD = "_csrf";
    static final String HEADER = "X-CSRF-Token";

    private Csrf() {
    }

    static String tokenFor(String sessionToken) {
        return Macs.hmacSha256Base64Url(sessionToken.getBytes(StandardCharsets.UTF_8), "telcred portal csrf");
    }

    static boolean matches(String sessionToken, String presented) {
        return presented != null && MessageDigest.isEqual(tokenFor(sessionToken).getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
