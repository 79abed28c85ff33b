package io.telcred.connection;

import io.telcred.common.LoginNames;
import io.telcred.crypto.RandomStrings;
import java.text.Normalizer;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Makes up the login of a new connection: a user name recognisably the connection's
 * ("Front Desk" becomes {@code frontdesk482913}) that passes the API's user name rules and is not
 * taken, and a long random password that passes {@link PasswordStrength}.
 */
final class LoginProposals {

    static final int PASSWORD_LENGTH = 24;
    /** The part of the user name taken from the connection name; the rest is the random number. */
    static final int MAX_STEM = 16;
    static final int SUFFIX_DIGITS = 6;
    private static final int ATTEMPTS = 10;
    private static final String FALLBACK_STEM = "sip";

    private final Predicate<String> taken;

    LoginProposals(Predicate<String> taken) {
        this.taken = taken;
    }

    LoginProposal propose(String connectionName) {
        String userName = freeUserName(stem(connectionName));
        return new LoginProposal(userName, password(userName));
    }

    /**
     * A letter first, then letters and digits: the ASCII letters and digits of the name, accents
     * dropped, leading digits too; "sip" when that leaves too little or a reserved prefix.
     */
    static String stem(String connectionName) {
        String plain = Normalizer.normalize(connectionName, Normalizer.Form.NFD).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]", "").replaceFirst("^[0-9]+", "");
        String stem = plain.substring(0, Math.min(plain.length(), MAX_STEM));
        return stem.length() < 2 || LoginNames.reservedForOnDemand(stem) ? FALLBACK_STEM : stem;
    }

    /** Each taken name lengthens the number, so a crowded stem still finds room at once. */
    private String freeUserName(String stem) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String candidate = stem + digits(SUFFIX_DIGITS + attempt);
            if (!taken.test(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free user name after " + ATTEMPTS + " attempts for the stem " + stem);
    }

    /**
     * Letters and digits only, as some phones cannot take symbols in a SIP password; 24 of them
     * are about 143 random bits. A draw lacking a kind of character is drawn again.
     */
    private static String password(String userName) {
        while (true) {
            String password = RandomStrings.alphanumeric(PASSWORD_LENGTH);
            if (PasswordStrength.shortcomings(password, userName).isEmpty()) {
                return password;
            }
        }
    }

    private static String digits(int count) {
        StringBuilder digits = new StringBuilder(count);
        while (digits.length() < count) {
            digits.append(Long.remainderUnsigned(RandomStrings.nextLong(), 10));
        }
        return digits.toString();
    }
}
