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
    void behindATrustedProxyThatSaysHttpsTheSessionCookieIsSecure() throws Exception {
        try (TestTelcred proxied = TestTelcred.start(Map.of("TELCRED_REVERSE_PROXIES", "127.0.0.1/32"))) {
            assertThat(sessionCookie(proxied, "https")).contains("; Secure");
            assertThat(sessionCookie(proxied, "http")).doesNotContain("Secure");
        }
        assertThat(sessionCookie(telcred, "https")).as("from a client that is no proxy").doesNotContain("Secure");
    }

    private static String sessionCookie(TestTelcred server, String forwardedProto) throws Exception {
        PortalClient browser = new PortalClient(server.baseUrl());
        String cookie = browser.get("/login").raw().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("telcred_signin=")).findFirst().orElseThrow();
        String token = cookie.substring("telcred_signin=".length(), cookie.indexOf(';'));
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", "telcred_signin=" + token).header("X-Forwarded-Proto", forwardedProto)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("_csrf=" + token + "&email="
                                + TestTelcred.OWNER_EMAIL + "&password=" + TestTelcred.OWNER_PASSWORD)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(302);
        return answer.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("telcred_session="))
                .findFirst().orElseThrow();
    }

    @Test
    void aBrowserAskingForAnAddressNothingServesGetsAPageAndTheApiKeepsItsJson() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(telcred.baseUrl() + "/no-such-page")).header("Accept", "text/html,*/*").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("There is no page at this address.");

        java.net.http.HttpResponse<String> api = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(telcred.baseUrl() + "/v2/no-such-thing")).header("Accept", "text/html,*/*").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.body()).startsWith("{\"errors\"");

        Page missing = telcred.portal().get("/connections/999999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain("There is no page at this address.");
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
