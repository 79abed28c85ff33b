package io.telcred.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Portal passwords: Argon2id in the PHC format, salted, checked in constant time, re-hashed when the cost rises. */
class Argon2PasswordsTest {

    private final Argon2Passwords passwords = new Argon2Passwords(1024, 1);

    @Test
    void theRightPasswordVerifiesAndAWrongOneDoesNot() {
        String hash = passwords.hash("correct horse battery");
        assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$").doesNotContain("correct horse battery");
        assertThat(passwords.verify("correct horse battery", hash)).isTrue();
        assertThat(passwords.verify("correct horse batterY", hash)).isFalse();
    }

    @Test
    void everyHashHasItsOwnSalt() {
        assertThat(passwords.hash("same")).isNotEqualTo(passwords.hash("same"));
    }

    @Test
    void aHashOfOtherParametersStillVerifiesAndAsksToBeRedone() {
        String older = new Argon2Passwords(512, 1).hash("pass phrase");
        assertThat(passwords.verify("pass phrase", older)).isTrue();
        assertThat(passwords.needsRehash(older)).isTrue();
        assertThat(passwords.needsRehash(passwords.hash("pass phrase"))).isFalse();
    }

    @Test
    void anythingButAnArgon2idStringIsRefused() {
        for (String bad : new String[] {null, "", "plain", "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
                "$argon2id$v=19$m=x,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=1024,t=1,p=1$!!$aGFzaA",
                "$argon2id$v=19$m=1024,t=0,p=1$c2FsdA$aGFzaA"}) {
            assertThat(passwords.verify("anything", bad)).as(String.valueOf(bad)).isFalse();
        }
    }
}
