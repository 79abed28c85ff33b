package io.telcred.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.testing.PortalClient;
import io.telcred.testing.PortalClient.Page;
import io.telcred.testing.TestTelcred;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An owner invites users into their account; the invited choose a password through a one-time link. */
class UserPagesTest {

    private static final Pattern LINK = Pattern.compile("<code id=\"invite-link\">[^<]*/invite/([A-Za-z0-9]+)</code>");
    private static final String PASSWORD = "invited-password-1";

    private TestTelcred telcred;
    private PortalClient owner;

    @BeforeEach
    void start() {
        telcred = TestTelcred.start();
        owner = telcred.portal();
    }

    @AfterEach
    void stop() {
        telcred.close();
    }

    @Test
    void anInvitedMemberJoinsTheOwnersAccountOnceAndCannotInviteOthers() {
        String token = invite("member@example.com", "member");

        PortalClient member = accept(token, PASSWORD).signIn("member@example.com", PASSWORD);
        assertThat(member.get("/users").body()).contains(TestTelcred.OWNER_EMAIL).contains("member@example.com")
                .doesNotContain("Invite a user");
        assertThat(member.post("/users/invite", Map.of("email", "x@example.com")).status()).isEqualTo(403);

        PortalClient again = new PortalClient(telcred.baseUrl());
        assertThat(again.get("/invite/" + token).status()).as("a link works once").isEqualTo(404);
    }

    @Test
    void mismatchedOrWeakPasswordsAreRefusedInWordsAndTheLinkStillWorks() {
        String token = invite("weak@example.com", "member");
        PortalClient invited = new PortalClient(telcred.baseUrl());
        String form = invited.get("/invite/" + token).formToken();
        Page mismatch = invited.postForm("/invite/" + token, Map.of("_csrf", form, "password", PASSWORD, "confirm", "other"));
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.body()).contains("The two passwords are not the same.");
        form = invited.get("/invite/" + token).formToken();
        Page weak = invited.postForm("/invite/" + token, Map.of("_csrf", form, "password", "short", "confirm", "short"));
        assertThat(weak.body()).contains("12 to 256 characters");

        accept(token, PASSWORD);
    }

    @Test
    void anOwnerRemovesAUserWhoseSessionEndsAtOnce() {
        PortalClient member = accept(invite("leaving@example.com", "member"), PASSWORD)
                .signIn("leaving@example.com", PASSWORD);
        String body = owner.get("/users").body();
        Matcher remove = Pattern.compile("action=\"/users/([^/\"]+)/remove\"").matcher(body);
        assertThat(remove.find()).isTrue();

        assertThat(owner.post("/users/" + remove.group(1) + "/remove", Map.of()).status()).isEqualTo(302);
        assertThat(member.get("/users").status()).as("signed out").isEqualTo(302);
    }

    @Test
    void usersOfAnotherAccountAreNeitherSeenNorRemoved() {
        PortalClient other = telcred.newAccountPortal("other");
        assertThat(other.get("/users").body()).doesNotContain(TestTelcred.OWNER_EMAIL);
        String ownerId = telcred.server().platform().users().users(
                telcred.server().platform().accounts().defaultAccount().id()).get(0).id();
        assertThat(other.post("/users/" + ownerId + "/remove", Map.of()).status()).isEqualTo(404);
        assertThat(owner.get("/users").status()).isEqualTo(200);
    }

    @Test
    void aTakenEmailCannotBeInvited() {
        Page taken = owner.post("/users/invite", Map.of("email", TestTelcred.OWNER_EMAIL));
        assertThat(taken.status()).isEqualTo(422);
        assertThat(taken.body()).contains("A user with this e-mail already exists.");
    }

    private String invite(String email, String role) {
        Page invited = owner.post("/users/invite", Map.of("email", email, "role", role));
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        Matcher link = LINK.matcher(invited.body());
        assertThat(link.find()).isTrue();
        return link.group(1);
    }

    private PortalClient accept(String token, String password) {
        PortalClient invited = new PortalClient(telcred.baseUrl());
        String form = invited.get("/invite/" + token).formToken();
        Page accepted = invited.postForm("/invite/" + token, Map.of("_csrf", form, "password", password, "confirm", password));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(302);
        Page email = invited.get("/login");
        assertThat(email.body()).contains("Your user is ready");
        return invited;
    }

}
