package io.telcred.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.testing.PortalClient;
import io.telcred.testing.PortalClient.Page;
import io.telcred.testing.TestTelcred;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signing in and out of the portal, and what a browser without a session meets. */
class SignInTest {

    private TestTelcred telcred;

    @BeforeEach
    void start() {
        telcred = TestTelcred.start(Map.of("TELCRED_PORTAL_SIGNIN_SLOW_DELAY_MS", "0"));
    }

    @AfterEach
    void stop() {
        telcred.close();
    }

    @Test
    void aPageWithoutASessionSendsTheBrowserToSignInAndBack() {
        Page answer = new PortalClient(telcred.baseUrl()).get("/api-keys");
        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.location()).isEqualTo("/login?next=%2Fapi-keys");
    }

    @Test
    void theBootstrapOwnerSignsInWithAnHttpOnlySameSiteCookieAndSignsOut() {
        PortalClient browser = new PortalClient(telcred.baseUrl());
        Page form = browser.get("/login");
        Page signedIn = browser.postForm("/login", Map.of("_csrf", form.formToken(), "email", TestTelcred.OWNER_EMAIL,
                "password", TestTelcred.OWNER_PASSWORD, "next", "/api-keys"));

        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.location()).isEqualTo("/api-keys");
        String cookie = signedIn.raw().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("telcred_session=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
        assertThat(browser.get("/api-keys").status()).isEqualTo(200);

        assertThat(browser.post("/logout", Map.of()).status()).isEqualTo(302);
        assertThat(browser.get("/api-keys").status()).as("signed out").isEqualTo(302);
    }

    @Test
    void aWrongPasswordIsRefusedInWordsAndRepeatedFailuresLockTheEmail() {
        PortalClient browser = new PortalClient(telcred.baseUrl());
        for (int attempt = 1; attempt < 10; attempt++) {
            Page refused = browser.postForm("/login", Map.of("_csrf", browser.get("/login").formToken(),
                    "email", TestTelcred.OWNER_EMAIL, "password", "wrong-password-" + attempt));
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body()).contains("The e-mail address or the password is not right.");
        }
        Page locked = browser.postForm("/login", Map.of("_csrf", browser.get("/login").formToken(),
                "email", TestTelcred.OWNER_EMAIL, "password", "wrong-password-10"));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.body()).contains("Too many failed sign-ins");

        Page rightButLocked = browser.postForm("/login", Map.of("_csrf", browser.get("/login").formToken(),
                "email", TestTelcred.OWNER_EMAIL, "password", TestTelcred.OWNER_PASSWORD));
        assertThat(rightButLocked.status()).as("locked even with the right password").isEqualTo(429);
    }

    @Test
    void aSignInFormWithoutItsTokenIsRefused() {
        PortalClient browser = new PortalClient(telcred.baseUrl());
        browser.get("/login");
        Page refused = browser.postForm("/login", Map.of("email", TestTelcred.OWNER_EMAIL, "password",
                TestTelcred.OWNER_PASSWORD));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(browser.get("/api-keys").status()).isEqualTo(302);
    }

    @Test
    void anotherSitesAddressIsNeverWhereSignInLeads() {
        PortalClient browser = new PortalClient(telcred.baseUrl());
        Page form = browser.get("/login");
        Page signedIn = browser.postForm("/login", Map.of("_csrf", form.formToken(), "email", TestTelcred.OWNER_EMAIL,
                "password", TestTelcred.OWNER_PASSWORD, "next", "//evil.example/"));
        assertThat(signedIn.location()).isEqualTo("/");
    }
}
