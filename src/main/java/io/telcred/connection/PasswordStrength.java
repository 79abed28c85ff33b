package io.telcred.connection;

import io.telcred.common.DomainException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the portal asks of a password a person chooses for a connection: at least
 * {@value #MIN_LENGTH} characters, at least {@value #MIN_KINDS} of the four kinds of character, and
 * not the user name inside it. The REST API keeps Telnyx's looser rule (8 to 128 characters), so
 * that programs written for Telnyx keep working; this rule is for people, who choose weak ones.
 */
public final class PasswordStrength {

    public static final int MIN_LENGTH = 12;
    public static final int MIN_KINDS = 3;

    private enum Kind {
        LOWER("lower-case letters"), UPPER("upper-case letters"), DIGIT("digits"), SYMBOL("symbols");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        static Kind of(int codePoint) {
            if (Character.isLowerCase(codePoint)) {
                return LOWER;
            }
            if (Character.isUpperCase(codePoint)) {
                return UPPER;
            }
            return Character.isDigit(codePoint) ? DIGIT : SYMBOL;
        }
    }

    private PasswordStrength() {
    }

    /** Refuses a weak password with the field {@code password} and a sentence saying all it lacks. */
    public static void requireStrong(String password, String userName) {
        shortcomings(password, userName).ifPresent(words -> {
            throw DomainException.invalid("password", words);
        });
    }

    /** What the password lacks, as one sentence, or empty when it is strong enough. */
    public static Optional<String> shortcomings(String password, String userName) {
        List<String> lacks = new ArrayList<>();
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            lacks.add("it has " + length + (length == 1 ? " character" : " characters") + ", and at least " + MIN_LENGTH
                    + " are needed");
        }
        List<Kind> present = password.codePoints().mapToObj(Kind::of).distinct().sorted().toList();
        if (present.size() < MIN_KINDS) {
            lacks.add(kindsMissing(present));
        }
        if (userName != null && !userName.isBlank()
                && password.toLowerCase(Locale.ROOT).contains(userName.toLowerCase(Locale.ROOT))) {
            lacks.add("it contains the user name");
        }
        return lacks.isEmpty() ? Optional.empty() : Optional.of("This password is too weak: " + String.join("; ", lacks) + ".");
    }

    /** "it has only digits; add two of lower-case letters, upper-case letters and symbols". */
    private static String kindsMissing(List<Kind> present) {
        List<String> missing = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            if (!present.contains(kind)) {
                missing.add(kind.words);
            }
        }
        int needed = MIN_KINDS - present.size();
        String has = present.isEmpty() ? "it has no characters"
                : "it has only " + joined(present.stream().map(k -> k.words).toList(), "and");
        String add = needed == 1 ? joined(missing, "or") : (needed == 2 ? "two" : "three") + " of " + joined(missing, "and");
        return has + "; add " + add;
    }

    private static String joined(List<String> words, String conjunction) {
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " " + conjunction + " " + words.get(words.size() - 1);
    }
}
