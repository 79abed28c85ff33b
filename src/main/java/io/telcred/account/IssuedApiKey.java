package io.telcred.account;

/** A key just made: the only moment its plain text exists outside the client's hands. */
public record IssuedApiKey(ApiKey key, String plaintext) {

    @Override
    public String toString() {
        return "IssuedApiKey[" + key + "]";
    }
}
