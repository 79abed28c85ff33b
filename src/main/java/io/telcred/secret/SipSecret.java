package io.telcred.secret;

/**
 * A SIP password at rest: sealed (AES-GCM) for display and for recomputing digests, beside the
 * MD5 and SHA-256 HA1 values of the realm they were computed for, which the digest check uses.
 */
public record SipSecret(String sealed, String realm, String ha1Md5, String ha1Sha256) {

    @Override
    public String toString() {
        return "SipSecret[realm=" + realm + "]";
    }
}
