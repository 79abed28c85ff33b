package io.telcred.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start refused for its configuration says so in one line, {@code telcred: SETTING: reason}, with
 * no stack trace, and exits with status 2; unknown names in the environment are only warnings,
 * unknown keys in telcred's own file are refusals.
 */
class StartupErrorsTest {

    @TempDir
    Path dir;

    @Test
    void aBadValueNamesTheSettingAndTheReason() {
        Run run = serve(Map.of("TELCRED_HTTP_PORT", "abc"));
        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).isEqualTo("telcred: TELCRED_HTTP_PORT: must be a whole number, is 'abc'\n");
        assertThat(run.out).isEmpty();
    }

    @Test
    void everySettingIsCheckedBeforeAnythingStarts() {
        Run run = serve(Map.of("TELCRED_LOG_LEVEL", "loud"));
        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).startsWith("telcred: TELCRED_LOG_LEVEL: must be one of").hasLineCount(1);
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void anUnknownKeyInTheFileStopsTheStartNamingTheNearestSetting() throws IOException {
        Files.writeString(dir.resolve("telcred.properties"), "TELCRED_HTTP_PROT=8080\n");
        Run run = serve(Map.of());
        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).startsWith("telcred: TELCRED_HTTP_PROT: unknown setting in ")
                .endsWith("; did you mean TELCRED_HTTP_PORT?\n").hasLineCount(1);
    }

    @Test
    void unknownNamesInTheEnvironmentAreWarningsNamingTheNearestSetting() {
        Config config = Config.from(Map.of("TELCRED_HTTP_PROT", "1", "TELCRED_URL", "http://127.0.0.1:8080",
                "TELCRED_API_KEY", "KEY0", "HOME", "/root"));
        assertThat(config.warnings()).hasSize(3);
        assertThat(config.warnings()).anySatisfy(w -> assertThat(w).contains("TELCRED_HTTP_PROT")
                .contains("did you mean TELCRED_HTTP_PORT?"));
        assertThat(config.warnings()).anySatisfy(w -> assertThat(w).contains("TELCRED_URL")
                .contains("the nearest setting is TELCRED_"));
        assertThat(config.warnings()).noneSatisfy(w -> assertThat(w).contains("KEY0"));
        assertThat(config.get(io.telcred.http.HttpSettings.PORT)).isEqualTo(8080);
    }

    @Test
    void aPortInUseNamesItsSetting() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = serve(Map.of("TELCRED_HTTP_PORT", Integer.toString(taken.getLocalPort())));
            assertThat(run.status).isEqualTo(2);
            assertThat(run.err).startsWith("telcred: TELCRED_HTTP_PORT: cannot listen for HTTP on 127.0.0.1:"
                    + taken.getLocalPort()).hasLineCount(1);
        }
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("master.key"), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        Files.setPosixFilePermissions(data.resolve("master.key"), PosixFilePermissions.fromString("rw-r--r--"));
        Run run = serve(Map.of());
        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).startsWith("telcred: TELCRED_MASTER_KEY: the key file ").contains("readable by others")
                .hasLineCount(1);
    }

    @Test
    void anUnreachableDatabaseIsRefusedAsItsUrl() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Run run = serve(Map.of("TELCRED_DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/none",
                "TELCRED_DATABASE_PASSWORD", "s3cret-do-not-print"));
        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).startsWith("telcred: TELCRED_DATABASE_URL: cannot open the database: ").hasLineCount(1)
                .doesNotContain("s3cret-do-not-print");
    }

    @Test
    void aBadTurnUriIsRefusedBeforeAnythingStarts() {
        Run run = serve(Map.of("TELCRED_TURN_SECRET", "north-wind-turn-secret-42",
                "TELCRED_TURN_URIS", "turn:turn.example.com:3478,https://turn.example.com"));
        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).startsWith("telcred: TELCRED_TURN_URIS: must be comma-separated turn:, turns: or stun: URIs")
                .endsWith("'https://turn.example.com' is not one\n").hasLineCount(1);
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aTurnSecretWithoutATurnUriIsRefusedWithoutShowingTheSecret() {
        Run run = serve(Map.of("TELCRED_TURN_SECRET", "north-wind-turn-secret-42"));
        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).isEqualTo("telcred: TELCRED_TURN_URIS: must name at least one turn: or turns: URI when "
                + "TELCRED_TURN_SECRET is set\n");
        Run tooShort = serve(Map.of("TELCRED_TURN_SECRET", "short-secret", "TELCRED_TURN_URIS", "turn:turn.example.com"));
        assertThat(tooShort.err).startsWith("telcred: TELCRED_TURN_SECRET: must be at least 16 characters")
                .doesNotContain("short-secret").hasLineCount(1);
    }

    /** {@code telcred serve} with a data directory, free ports and a file of its own, plus {@code settings}. */
    private Run serve(Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>(Map.of("TELCRED_DATA_DIR", dir.resolve("data").toString(),
                "TELCRED_CONFIG_FILE", dir.resolve("telcred.properties").toString(), "TELCRED_HTTP_HOST", "127.0.0.1",
                "TELCRED_HTTP_PORT", "0", "TELCRED_SIP_BIND_HOST", "127.0.0.1", "TELCRED_SIP_UDP_PORT", "0",
                "TELCRED_SIP_TCP_PORT", "0", "TELCRED_SIP_WS_PORT", "-1"));
        environment.putAll(settings);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // A start that is not refused would serve until stopped: the timeout turns that into a failure.
        int status = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Telcred.run(environment, new PrintWriter(out, true), new PrintWriter(err, true), "serve"));
        return new Run(status, out.toString(), err.toString());
    }

    private record Run(int status, String out, String err) {
    }
}
