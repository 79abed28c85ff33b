package io.telcred.sip.transport;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A development certificate written to a folder, and a client TLS context that trusts exactly it. */
final class TrustedCertificate {

    final Path certificate;
    final Path privateKey;

    TrustedCertificate(Path folder) {
        this.certificate = folder.resolve("sip.crt");
        this.privateKey = folder.resolve("sip.key");
        DevelopmentCertificate.write(certificate, privateKey, "sip.telcred.test", Duration.ofDays(1));
    }

    X509Certificate x509() throws Exception {
        try (InputStream in = Files.newInputStream(certificate)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    SSLContext clientContext() throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("telcred", x509());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
