package io.telcred.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoginProposalsTest {

    @Test
    void theUserNameIsTheConnectionNameWithANumberAndPassesTheApiRules() {
        LoginProposal proposal = new LoginProposals(name -> false).propose("Front Desk (Berlin)");

        assertThat(proposal.userName()).matches("frontdeskberlin[0-9]{6}");
        assertThat(ConnectionService.validUserName(proposal.userName())).isEqualTo(proposal.userName());
    }

    @Test
    void namesWithoutUsableLettersFallBackToSip() {
        assertThat(LoginProposals.stem("123 ---")).isEqualTo("sip");
        assertThat(LoginProposals.stem("日本")).isEqualTo("sip");
        assertThat(LoginProposals.stem("GenCred phones")).as("reserved for on-demand credentials").isEqualTo("sip");
        assertThat(LoginProposals.stem("2nd Floor")).isEqualTo("ndfloor");
        assertThat(LoginProposals.stem("Büro Zürich")).isEqualTo("burozurich");
        assertThat(LoginProposals.stem("A very long connection name indeed")).isEqualTo("averylongconnect");
    }

    @Test
    void everyProposalPassesTheApiRulesWhateverTheName() {
        LoginProposals proposals = new LoginProposals(name -> false);
        for (String name : new String[] {"x", "9", "gencred", "A very long connection name indeed, longer still", "ñ"}) {
            String userName = proposals.propose(name).userName();
            assertThat(ConnectionService.validUserName(userName)).isEqualTo(userName);
            assertThat(userName.length()).isLessThanOrEqualTo(ConnectionService.MAX_USER_NAME);
        }
    }

    @Test
    void aTakenUserNameIsNeverProposed() {
        Set<String> asked = new HashSet<>();
        // Every name is taken until the fourth asked: the proposal must be that one.
        LoginProposal proposal = new LoginProposals(name -> asked.add(name.toLowerCase(Locale.ROOT)) && asked.size() < 4)
                .propose("Office");

        assertThat(asked).hasSize(4).contains(proposal.userName());
        assertThat(proposal.userName()).matches("office[0-9]{9}");
    }

    @Test
    void thePasswordIsLongRandomAndStrong() {
        LoginProposals proposals = new LoginProposals(name -> false);
        Set<String> passwords = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            LoginProposal proposal = proposals.propose("Office");
            assertThat(proposal.password()).hasSizeGreaterThanOrEqualTo(20).matches("[A-Za-z0-9]+");
            assertThat(PasswordStrength.shortcomings(proposal.password(), proposal.userName())).isEmpty();
            passwords.add(proposal.password());
        }
        assertThat(passwords).hasSize(200);
    }

    @Test
    void theProposalDoesNotShowItsPasswordInLogs() {
        LoginProposal proposal = new LoginProposals(name -> false).propose("Office");
        assertThat(proposal.toString()).contains(proposal.userName()).doesNotContain(proposal.password());
    }
}
