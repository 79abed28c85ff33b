package io.telcred.store;

import static io.telcred.testing.Fixtures.uniqueUserName;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.telcred.testing.ApiClient;
import io.telcred.testing.PortalClient;
import io.telcred.testing.TestTelcred;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** No secret is readable in the database file or the log: passwords are sealed, API keys hashed, the TURN secret kept in memory. */
class SecretsAtRestTest {

    @Test
    void databaseFileAndLogHoldNoSecret() throws IOException {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        String bootstrapKey = "KEYABCDEF0123456789ABCDEF0123456789_bootstrapbootstrapboo";
        List<String> secrets = new ArrayList<>();
        String visibleName = "Visible Connection Name " + System.nanoTime();
        String turnSecret = "Turn-Secret-" + System.nanoTime();
        String ownerPassword = "Owner-Password-" + System.nanoTime();
        TestTelcred telcred = TestTelcred.start(Map.of("TELCRED_BOOTSTRAP_API_KEY", bootstrapKey,
                "TELCRED_TURN_SECRET", turnSecret, "TELCRED_TURN_URIS", "turn:turn.example.com",
                "TELCRED_BOOTSTRAP_EMAIL", "secrets@example.com", "TELCRED_BOOTSTRAP_PASSWORD", ownerPassword));
        String rows;
        Path dataDir = telcred.dataDir();
        try {
            secrets.add(bootstrapKey);
            secrets.add(turnSecret);
            String accountId = telcred.server().platform().accounts().createAccount("tenant").id();
            String apiKey = telcred.server().platform().accounts().createApiKey(accountId, "k").plaintext();
            secrets.add(apiKey);
            ApiClient api = telcred.client(apiKey);
            String password = "Connection-Password-" + System.nanoTime();
            secrets.add(password);
            JsonNode connection = api.post("/v2/credential_connections", "{\"user_name\":\"" + uniqueUserName()
                    + "\",\"password\":\"" + password + "\",\"connection_name\":\"" + visibleName + "\"}").data();
            JsonNode credential = api.post("/v2/telephony_credentials",
                    "{\"connection_id\":\"" + connection.get("id").asText() + "\"}").data();
            secrets.add(credential.get("sip_password").asText());
            String token = api.post("/v2/telephony_credentials/" + credential.get("id").asText() + "/token", null).body();
            secrets.add(token.substring(token.lastIndexOf('.') + 1));
            secrets.add(api.post("/v2/turn_credentials", null).data().get("password").asText());
            api.patch("/v2/credential_connections/" + connection.get("id").asText(), "{\"password\":\"" + password + "-2\"}");
            api.get("/v2/credential_connections/not-there");
            secrets.addAll(portalSecrets(telcred, ownerPassword));
            telcred.client("KEY00000000000000000000000000000000_wrongwrongwrongwrongw").get("/v2/telephony_credentials");
            rows = everyRow(telcred.server().platform().databaseUrl());
        } finally {
            telcred.server().close();
            root.detachAppender(log);
        }
        try {
            // On the embedded database the raw file is scanned too: nothing hides in pages or logs of H2.
            String database = rows + (TestTelcred.postgresUrl() != null ? ""
                    : Files.readString(dataDir.resolve("telcred.mv.db"), StandardCharsets.ISO_8859_1));
            // The scan can see plain text: the connection's name is stored readable.
            assertThat(rows).contains(visibleName);
            assertThat(database).contains(visibleName);
            StringBuilder logText = new StringBuilder();
            log.list.forEach(event -> logText.append(event.getFormattedMessage()).append('\n')
                    .append(event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage()).append('\n'));
            assertThat(logText).isNotEmpty();
            for (String secret : secrets) {
                assertThat(database).as("database file").doesNotContain(secret);
                assertThat(logText.toString()).as("log").doesNotContain(secret);
            }
        } finally {
            telcred.close();
        }
    }

    /**
     * The portal's secrets, after using them: the owner's password (right, and a wrong one), the
     * session cookie, an API key made on its page, an invitation's link and the password chosen with it.
     */
    private static List<String> portalSecrets(TestTelcred telcred, String ownerPassword) {
        List<String> secrets = new ArrayList<>(List.of(ownerPassword));
        PortalClient wrong = new PortalClient(telcred.baseUrl());
        String wrongPassword = "Wrong-Password-" + System.nanoTime();
        secrets.add(wrongPassword);
        assertThat(wrong.postForm("/login", Map.of("_csrf", wrong.get("/login").formToken(), "email", "secrets@example.com",
                "password", wrongPassword)).status()).isEqualTo(401);

        PortalClient owner = new PortalClient(telcred.baseUrl()).signIn("secrets@example.com", ownerPassword);
        String key = between(owner.post("/api-keys", Map.of("description", "portal")).body(), "<code id=\"new-key\">", "<");
        secrets.add(key);
        String link = between(owner.post("/users/invite", Map.of("email", "invited@example.com")).body(),
                "<code id=\"invite-link\">", "<");
        String inviteToken = link.substring(link.lastIndexOf('/') + 1);
        secrets.add(inviteToken);
        String invitedPassword = "Invited-Password-" + System.nanoTime();
        secrets.add(invitedPassword);
        PortalClient invited = new PortalClient(telcred.baseUrl());
        String formToken = invited.get("/invite/" + inviteToken).formToken();
        assertThat(invited.postForm("/invite/" + inviteToken, Map.of("_csrf", formToken, "password", invitedPassword,
                "confirm", invitedPassword)).status()).isEqualTo(302);
        invited.signIn("invited@example.com", invitedPassword);
        return secrets;
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as(text).isNotNegative();
        from += start.length();
        return text.substring(from, text.indexOf(end, from)).strip();
    }

    /** Every column of every row of telcred's tables, as text. */
    private static String everyRow(String url) {
        StringBuilder out = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String table : List.of("accounts", "api_keys", "credential_connections", "telephony_credentials", "signing_keys",
                    "portal_users", "portal_sessions", "portal_invites")) {
                try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            out.append(rs.getString(i)).append('|');
                        }
                        out.append('\n');
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
