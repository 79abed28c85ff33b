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

/** A whole number from {@code min} to {@code max}, and a multiple of {@code step}. Null passes. */
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Constraint(validatedBy = Whole.Check.class)
public @interface Whole {

    long min();

    long max();

    long step() default 1;

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<Whole, Number> {

        private long min;
        private long max;
        private long step;

        @Override
        public void initialize(Whole constraint) {
            min = constraint.min();
            max = constraint.max();
            step = constraint.step();
        }

        @Override
        public boolean isValid(Number value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            long number = value.longValue();
            if (number >= min && number <= max && number % step == 0) {
                return true;
            }
            return Requirement.refuse(context, (step == 1 ? "an integer" : "a multiple of " + step)
                    + " from " + min + " to " + max);
        }
    }
}
