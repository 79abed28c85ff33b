package io.telcred.connection;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Telnyx refuses a jitter buffer whose minimum is above its maximum. Checked on the settings as
 * they will be stored, so that changing one bound is checked against the other one kept.
 */
@Retention(RUNTIME)
@Target(TYPE)
@Constraint(validatedBy = MinimumNotAboveMaximum.Check.class)
public @interface MinimumNotAboveMaximum {

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<MinimumNotAboveMaximum, ConnectionSettings.JitterBuffer> {

        @Override
        public boolean isValid(ConnectionSettings.JitterBuffer buffer, ConstraintValidatorContext context) {
            if (buffer == null || buffer.jitterbufferMsecMin() <= buffer.jitterbufferMsecMax()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("at most jitter_buffer.jitterbuffer_msec_max ("
                    + buffer.jitterbufferMsecMax() + ")").addPropertyNode("jitterbufferMsecMin").addConstraintViolation();
            return false;
        }
    }
}
