package io.telcred.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** A certificate chain and its PKCS#8 key, both PEM, as the in-memory key store a JSSE server takes. */
public final class PemKeyStore {

    /** The (empty) password of the store and of its one entry: it never leaves memory. */
    public static final char[] PASSWORD = new char[0];

    private PemKeyStore() {
    }

    public static KeyStore load(Path certificatePem, Path privateKeyPem) {
        try {
            Certificate[] chain;
            try (InputStream in = Files.newInputStream(certificatePem)) {
                chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(new Certificate[0]);
            }
            if (chain.length == 0) {
                throw new IllegalStateException("no certificate in " + certificatePem.toAbsolutePath());
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, PASSWORD);
            store.setKeyEntry("telcred", privateKey(privateKeyPem, chain[0].getPublicKey().getAlgorithm()), PASSWORD, chain);
            return store;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load the TLS certificate " + certificatePem.toAbsolutePath()
                    + " and key " + privateKeyPem.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path pem, String algorithm) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the key must be PEM PKCS#8 ('BEGIN PRIVATE KEY')");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
