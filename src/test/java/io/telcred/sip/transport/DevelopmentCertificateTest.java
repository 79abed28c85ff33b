package io.telcred.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevelopmentCertificateTest {

    @TempDir
    Path folder;

    @Test
    void namesTheHostAndLoopbackAndIsNoCertificateAuthority() throws Exception {
        X509Certificate certificate = new TrustedCertificate(folder).x509();

        List<String> names = certificate.getSubjectAlternativeNames().stream().map(name -> name.get(1).toString()).toList();
        assertThat(names).contains("sip.telcred.test", "localhost", "127.0.0.1")
                .containsAnyOf("0:0:0:0:0:0:0:1", "::1");
        assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(certificate.getKeyUsage()).as("no key usage, so OpenSSL sees it as self-signed").isNull();
        assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(certificate.getNotAfter().toInstant()).isBetween(Instant.now().plus(Duration.ofHours(23)),
                Instant.now().plus(Duration.ofHours(25)));
        certificate.verify(certificate.getPublicKey());
    }

    @Test
    void filesArePemReadableByTheOwnerOnlyAndNettyLoadsThem() throws Exception {
        TrustedCertificate written = new TrustedCertificate(folder);

        assertThat(Files.readString(written.privateKey)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(written.certificate)).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.privateKey))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.certificate))).isEqualTo("rw-------");
        assertThat(SslContextBuilder.forServer(written.certificate.toFile(), written.privateKey.toFile()).build()).isNotNull();
    }

    @Test
    void anIpAddressHostIsNamedAsAnAddress() throws Exception {
        Path certificate = folder.resolve("ip.crt");
        DevelopmentCertificate.write(certificate, folder.resolve("ip.key"), "192.0.2.7", Duration.ofDays(1));

        try (var in = Files.newInputStream(certificate)) {
            X509Certificate x509 = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
            assertThat(x509.getSubjectAlternativeNames()).contains(List.of(7, "192.0.2.7"));
        }
    }

    @Test
    void refusesAMissingHostOrValidity() {
        assertThatThrownBy(() -> DevelopmentCertificate.write(folder.resolve("a"), folder.resolve("b"), " ", Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DevelopmentCertificate.write(folder.resolve("a"), folder.resolve("b"), "h", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
