package io.telcred.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.telcred.testing.TestTelcred;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line works on the same data as the running server, also while it runs. */
class CommandLineTest {

    @Test
    void accountsAndKeysMadeOnTheCommandLineWorkAgainstTheRunningServer() {
        try (TestTelcred telcred = TestTelcred.start()) {
            Config config = sameDataAs(telcred);

            Run account = run(config, "accounts", "create", "--name", "Call centre");
            assertThat(account.status).as(account.err).isZero();
            String accountId = account.out.strip();

            Run key = run(config, "api-keys", "create", "--account", accountId, "--description", "ops");
            assertThat(key.status).as(key.err).isZero();
            String apiKey = key.out.strip();
            assertThat(apiKey).matches("KEY[0-9A-F]{32}_[A-Za-z0-9]{22}");
            assertThat(telcred.client(apiKey).get("/v2/telephony_credentials").status()).isEqualTo(200);

            Run list = run(config, "api-keys", "list", "--account", accountId);
            assertThat(list.out).contains(apiKey.substring(0, 11)).doesNotContain(apiKey).contains("live");
            String keyId = list.out.strip().split("\\s+")[0];

            Run accounts = run(config, "accounts", "list");
            assertThat(accounts.out).contains(accountId).contains("(default)");

            Run revoke = run(config, "api-keys", "revoke", keyId);
            assertThat(revoke.status).as(revoke.err).isZero();
            assertThat(run(config, "api-keys", "list", "--account", accountId).out).contains("revoked");
        }
    }

    @Test
    void webhookSigningKeyOnTheCommandLineIsTheOneTheServerPublishes() {
        try (TestTelcred telcred = TestTelcred.start()) {
            Run key = run(sameDataAs(telcred), "webhooks", "signing-key");
            assertThat(key.status).as(key.err).isZero();
            assertThat(key.out.strip()).isEqualTo(telcred.client(null).get("/.well-known/telcred/webhook-signing-key")
                    .json().get("public_key").asText());
        }
    }

    @Test
    void aPortalUserMadeOnTheCommandLineSignsInToTheRunningServer() {
        try (TestTelcred telcred = TestTelcred.start()) {
            Config config = sameDataAs(telcred);
            String accountId = run(config, "accounts", "create", "--name", "Agency").out.strip();

            Run user = run(config, "users", "create", "--email", "ops@agency.example", "--account", accountId,
                    "--role", "member", "--password", "agency-password-1");
            assertThat(user.status).as(user.err).isZero();
            assertThat(run(config, "users", "list", "--account", accountId).out).contains("ops@agency.example")
                    .contains("member").doesNotContain("agency-password-1");
            new io.telcred.testing.PortalClient(telcred.baseUrl()).signIn("ops@agency.example", "agency-password-1");

            Run again = run(config, "users", "create", "--email", "OPS@agency.example", "--password", "agency-password-2");
            assertThat(again.status).isEqualTo(1);
            assertThat(again.err).contains("already exists");
            Run weak = run(config, "users", "create", "--email", "new@agency.example", "--password", "short");
            assertThat(weak.status).isEqualTo(1);
            assertThat(weak.err).contains("12 to 256 characters");
        }
    }

    @Test
    void revokingAnUnknownKeyFailsClearly() {
        try (TestTelcred telcred = TestTelcred.start()) {
            Run revoke = run(sameDataAs(telcred), "api-keys", "revoke", "no-such-key");
            assertThat(revoke.status).isEqualTo(1);
            assertThat(revoke.err).contains("no live API key");
        }
    }

    @Test
    void keyForUnknownAccountFailsClearly(@TempDir Path dataDir) {
        Run key = run(config(dataDir), "api-keys", "create", "--account", "nope");
        assertThat(key.status).isEqualTo(1);
        assertThat(key.err).contains("No account with id nope");
    }

    @Test
    void rotatedSigningKeyIsPublishedBesideTheOldOne(@TempDir Path dataDir) {
        Config config = config(dataDir);
        Run first = run(config, "keys", "rotate");
        Run second = run(config, "keys", "rotate");
        assertThat(first.status).isZero();
        assertThat(second.out).startsWith("new signing key ").isNotEqualTo(first.out);
        try (Platform platform = Platform.open(config)) {
            String jwks = platform.signingKeys().jwksJson();
            assertThat(jwks).contains(first.out.strip().substring("new signing key ".length()))
                    .contains(second.out.strip().substring("new signing key ".length()));
        }
    }

    @Test
    void selfSignedCertificateIsWrittenWithAPrivateKeyOnlyItsOwnerReads(@TempDir Path dir) throws Exception {
        Path certificate = dir.resolve("tls/cert.pem");
        Path key = dir.resolve("tls/key.pem");
        Run run = run(config(dir), "tls", "self-signed", "--certificate", certificate.toString(), "--private-key", key.toString(),
                "--host", "sip.example.test");
        assertThat(run.status).as(run.err).isZero();
        assertThat(run.out).contains("TELCRED_SIP_TLS_CERTIFICATE=" + certificate.toAbsolutePath());
        assertThat(java.nio.file.Files.readString(certificate)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(java.nio.file.Files.readString(key)).contains("PRIVATE KEY-----");
        assertThat(java.nio.file.Files.getPosixFilePermissions(key)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        var x509 = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(java.nio.file.Files.newInputStream(certificate));
        assertThat(x509.getSubjectAlternativeNames().toString()).contains("sip.example.test").contains("127.0.0.1");
    }


    private static Config sameDataAs(TestTelcred telcred) {
        Config config = config(telcred.dataDir());
        String postgres = TestTelcred.postgresUrl();
        return postgres == null ? config : config.with("TELCRED_DATABASE_URL",
                telcred.server().platform().databaseUrl());
    }

    private static Config config(Path dataDir) {
        return Config.from(Map.of("TELCRED_DATA_DIR", dataDir.toString(),
                "TELCRED_CONFIG_FILE", dataDir.resolve("none.properties").toString()));
    }

    private static Run run(Config config, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Telcred.execute(config, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    private record Run(int status, String out, String err) {
    }
}
