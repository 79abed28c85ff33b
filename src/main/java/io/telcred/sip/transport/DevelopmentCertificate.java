package io.telcred.sip.transport;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for trying TLS and WSS on a development machine ({@code telcred tls
 * self-signed}). The key is EC P-256, which the JDK, OpenSSL (baresip, SIPp builds) and browsers all
 * accept. The certificate names the host, {@code localhost}, 127.0.0.1 and ::1, is not a CA
 * (Firefox refuses a CA certificate as a server's), and has no key-usage extension, so that OpenSSL
 * still treats it as self-signed when a client puts it in its CA file.
 */
public final class DevelopmentCertificate {

    /** The curve of the key: widely supported, small, fast. */
    static final String CURVE = "secp256r1";
    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    /** Clocks of peers may lag; the certificate is valid from a little before it is made. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private DevelopmentCertificate() {
    }

    /**
     * Writes a new key pair and a certificate for it, both PEM, each readable by its owner only
     * (0600 where the file system has POSIX permissions). Existing files are replaced.
     *
     * @param hostName a DNS name or IP address the clients use to reach telcred
     * @param validity how long the certificate is valid from now
     */
    public static void write(Path certificatePem, Path privateKeyPem, String hostName, Duration validity) {
        if (hostName == null || hostName.isBlank()) {
            throw new IllegalArgumentException("a host name is required for the certificate");
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE), new SecureRandom());
            KeyPair keys = generator.generateKeyPair();
            X509Certificate certificate = selfSigned(keys, hostName.strip(), validity);
            writeOwnerOnly(privateKeyPem, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            writeOwnerOnly(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot make a development certificate: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the development certificate to " + certificatePem.toAbsolutePath()
                    + " and " + privateKeyPem.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate selfSigned(KeyPair keys, String hostName, Duration validity)
            throws GeneralSecurityException, OperatorCreationException, CertIOException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "telcred development")
                .addRDN(BCStyle.CN, hostName)
                .build();
        Instant now = Instant.now();
        BigInteger serial = new BigInteger(64, new SecureRandom()).setBit(63);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, keys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(hostName));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(keys.getPublic()));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(keys.getPrivate())));
    }

    private static GeneralNames subjectAlternativeNames(String hostName) {
        Set<String> names = new LinkedHashSet<>(List.of(hostName, "localhost", "127.0.0.1", "::1"));
        List<GeneralName> general = new ArrayList<>();
        for (String name : names) {
            String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
            boolean ip = NetUtil.isValidIpV4Address(bare) || NetUtil.isValidIpV6Address(bare);
            general.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, bare));
        }
        return new GeneralNames(general.toArray(GeneralName[]::new));
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** Writes beside the target and moves into place, so the file never exists with looser permissions. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        if (absolute.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temporary);
        }
        try {
            Files.writeString(temporary, content, StandardCharsets.US_ASCII);
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
