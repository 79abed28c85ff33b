package io.telcred.secret;

import io.telcred.common.Setting;
import io.telcred.crypto.Hashes;
import io.telcred.crypto.SecretBox;

/**
 * Seals SIP passwords and computes their digest HA1 values ({@code user:realm:password}, RFC 7616)
 * for the configured realm. Each sealed password is bound to its owner ("connection:ID",
 * "credential:ID") so a value copied to another row does not open.
 */
public final class SipSecrets {

    public static final Setting<String> DOMAIN = Setting.text("TELCRED_SIP_DOMAIN", "sip.telcred.local",
            "SIP domain, also the digest realm");

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
        String ha1 = ha1Input(userName, realm, password);
        return new SipSecret(box.seal(password, owner), realm, Hashes.md5Hex(ha1), Hashes.sha256Hex(ha1));
    }

    /**
     * Whether {@code password} is the one whose HA1 values (for the current realm) are {@code ha1},
     * for {@code userName}, without opening anything.
     */
    public boolean matchesPassword(Ha1Hashes ha1, String userName, String password) {
        byte[] md5 = Hashes.md5(ha1Input(userName, realm, password == null ? "" : password));
        return ha1.md5Equals(md5);
    }

    public String reveal(String owner, SipSecret secret) {
        return box.open(secret.sealed(), owner);
    }

    /** What HA1 hashes (RFC 7616 §3.4.2). */
    private static String ha1Input(String userName, String realm, String password) {
        return userName + ":" + realm + ":" + password;
    }

    /** The secret with HA1 values for the current realm, recomputed if the realm has changed since. */
    public SipSecret forCurrentRealm(String owner, String userName, SipSecret secret) {
        if (secret.realm().equals(realm)) {
            return secret;
        }
        return protect(owner, userName, reveal(owner, secret));
    }
}
