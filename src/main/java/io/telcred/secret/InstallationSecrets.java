package io.telcred.secret;

import io.telcred.crypto.RandomStrings;
import io.telcred.crypto.SecretBox;
import java.time.Clock;
import java.util.Base64;

/**
 * Random secrets that every node of an installation must share, such as the key of the digest
 * nonces: made by the first node that needs one, kept in the database sealed under the master key
 * like the SIP passwords and signing keys, and read by the others.
 */
public final class InstallationSecrets {

    private final InstallationSecretRepository repository;
    private final SecretBox box;
    private final Clock clock;

    public InstallationSecrets(InstallationSecretRepository repository, SecretBox box, Clock clock) {
        this.repository = repository;
        this.box = box;
        this.clock = clock;
    }

    /** The secret of that name, made of {@code length} random bytes when the installation has none yet. */
    public byte[] named(String name, int length) {
        String sealed = repository.find(name).orElseGet(() -> repository.insertIfAbsent(name,
                box.seal(Base64.getEncoder().encodeToString(RandomStrings.bytes(length)), associatedData(name)),
                clock.instant()));
        byte[] secret = Base64.getDecoder().decode(box.open(sealed, associatedData(name)));
        if (secret.length != length) {
            throw new IllegalStateException("the installation secret " + name + " holds " + secret.length
                    + " bytes, not " + length);
        }
        return secret;
    }

    private static String associatedData(String name) {
        return "installation-secret:" + name;
    }
}
