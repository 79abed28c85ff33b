package io.telcred.validation;

import jakarta.validation.ConstraintValidatorContext;

/**
 * A constraint's refusal says what the field must be, as a phrase that completes "x must be ...":
 * {@link Checks} puts the field's name before it and the refused value after it.
 */
final class Requirement {

    private Requirement() {
    }

    /** Reports the phrase as this constraint's violation; always false, to be returned by isValid. */
    static boolean refuse(ConstraintValidatorContext context, String phrase) {
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(template(phrase)).addConstraintViolation();
        return false;
    }

    /** The phrase as a message template: the characters templates interpret are escaped. */
    static String template(String phrase) {
        StringBuilder escaped = new StringBuilder(phrase.length() + 8);
        for (int i = 0; i < phrase.length(); i++) {
            char c = phrase.charAt(i);
            if (c == '{' || c == '}' || c == '\\' || c == '$') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
