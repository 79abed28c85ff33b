package io.telcred.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.telcred.common.DomainException;
import org.junit.jupiter.api.Test;

class PasswordStrengthTest {

    @Test
    void aLongPasswordMixingThreeKindsIsStrong() {
        assertThat(PasswordStrength.shortcomings("Tr0ubadour-horse", "alice1234")).isEmpty();
        assertThat(PasswordStrength.shortcomings("abcdefGHIJKL1", "alice1234")).isEmpty();
        assertThat(PasswordStrength.shortcomings("abcdefghijk!2", "alice1234")).isEmpty();
    }

    @Test
    void aShortPasswordIsToldItsLengthAndTheMinimum() {
        assertThat(PasswordStrength.shortcomings("Ab1!xyz", "alice1234"))
                .hasValue("This password is too weak: it has 7 characters, and at least 12 are needed.");
    }

    @Test
    void aPasswordOfTwoKindsIsToldWhichKindsWouldDo() {
        assertThat(PasswordStrength.shortcomings("correcthorse42", "alice1234")).hasValue("This password is too weak: "
                + "it has only lower-case letters and digits; add upper-case letters or symbols.");
    }

    @Test
    void aPasswordOfOneKindNeedsTwoMore() {
        assertThat(PasswordStrength.shortcomings("123456789012", "alice1234")).hasValue("This password is too weak: "
                + "it has only digits; add two of lower-case letters, upper-case letters and symbols.");
    }

    @Test
    void thePasswordMayNotContainTheUserNameInAnyCase() {
        assertThat(PasswordStrength.shortcomings("My-ALICE1234-pass", "alice1234"))
                .hasValue("This password is too weak: it contains the user name.");
    }

    @Test
    void everyShortcomingIsSaidAtOnce() {
        assertThat(PasswordStrength.shortcomings("alice", "alice")).hasValue("This password is too weak: "
                + "it has 5 characters, and at least 12 are needed; it has only lower-case letters; add two of "
                + "upper-case letters, digits and symbols; it contains the user name.");
    }

    @Test
    void anEmptyPasswordIsRefusedInWords() {
        assertThat(PasswordStrength.shortcomings("", "alice1234")).hasValue("This password is too weak: "
                + "it has 0 characters, and at least 12 are needed; it has no characters; add three of lower-case "
                + "letters, upper-case letters, digits and symbols.");
    }

    @Test
    void lettersBeyondAsciiCountByTheirCase() {
        assertThat(PasswordStrength.shortcomings("ÄÖÜäöüßéèçñ7", "alice1234")).isEmpty();
    }

    @Test
    void requireStrongRefusesTheFieldPassword() {
        assertThatThrownBy(() -> PasswordStrength.requireStrong("password", "alice1234"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.field()).isEqualTo("password");
                    assertThat(e.detail()).startsWith("This password is too weak: it has 8 characters");
                });
    }
}
