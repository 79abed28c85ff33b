package io.telcred.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A string of {@code min} to {@code max} characters (code points) that a person can read: no
 * control characters, no lone surrogates, which would not survive storage. Null passes.
 */
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Constraint(validatedBy = Text.Check.class)
public @interface Text {

    int min() default 0;

    int max();

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<Text, String> {

        private int min;
        private int max;

        @Override
        public void initialize(Text constraint) {
            min = constraint.min();
            max = constraint.max();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            int length = value.codePointCount(0, value.length());
            if (length >= min && length <= max && Printable.is(value)) {
                return true;
            }
            String size = min == 0 ? "at most " + max : min + " to " + max;
            return Requirement.refuse(context, "a string of " + size + " characters without control characters");
        }
    }
}
