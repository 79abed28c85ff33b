package io.telcred.secret;

import io.telcred.crypto.Hashes;
import io.telcred.crypto.SecretBox;

/**
 * Seals SIP passwords and computes their digest HA1 values ({@code user:realm:password}, RFC 7616)
 * for the configured realm. Each sealed password is bound to its owner ("connection:ID",
 * "credential:ID") so a value copied to another row does not open.
 */
public final class SipSecrets {

    private final SecretBox box;
    private final String realm;

    public SipSecrets(SecretBox box, String realm) {
        this.box = box;
        this.realm = realm;
    }

    public String realm() {
        return realm;
    }

    public SipSecret protect(String owner, String userName, String password) {
        String ha1 = userName + ":" + realm + ":" + password;
        return new SipSecret(box.seal(password, owner), realm, Hashes.md5Hex(ha1), Hashes.sha256Hex(ha1));
    }

    public String reveal(String owner, SipSecret secret) {
        return box.open(secret.sealed(), owner);
    }

    /** The secret with HA1 values for the current realm, recomputed if the realm has changed since. */
    public SipSecret forCurrentRealm(String owner, String userName, SipSecret secret) {
        if (secret.realm().equals(realm)) {
            return secret;
        }
        return protect(owner, userName, reveal(owner, secret));
    }
}
