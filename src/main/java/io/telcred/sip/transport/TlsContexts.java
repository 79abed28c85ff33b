package io.telcred.sip.transport;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;

/** The TLS set-ups of the SIP transports: TLS 1.2 and 1.3, Netty's JDK provider defaults otherwise. */
final class TlsContexts {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /** The server side of TLS and WSS, from a PEM certificate chain and a PEM PKCS#8 key. */
    static SslContext server(Path certificate, Path privateKey) {
        try {
            return SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile()).protocols(PROTOCOLS).build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the SIP TLS certificate " + certificate.toAbsolutePath()
                    + " and key " + privateKey.toAbsolutePath() + ": " + e.getMessage()
                    + " (both must be PEM; the key PKCS#8, 'BEGIN PRIVATE KEY': convert with "
                    + "openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key)", e);
        }
    }

    /**
     * The side telcred uses when it dials TLS: the JDK trust store and a check that the certificate
     * names the address dialled, or, when {@code trustAll}, no check at all.
     */
    static SslContext client(boolean trustAll) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().protocols(PROTOCOLS);
            if (trustAll) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
            } else {
                builder.endpointIdentificationAlgorithm("HTTPS");
            }
            return builder.build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up TLS for outgoing SIP connections: " + e.getMessage(), e);
        }
    }
}
