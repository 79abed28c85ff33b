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
import java.util.Arrays;
import java.util.stream.Collectors;

/** One of the given strings, exactly (case counts). Null passes: {@code @NotNull} says whether it may be. */
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Constraint(validatedBy = OneOf.Check.class)
public @interface OneOf {

    String[] value();

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<OneOf, String> {

        private String[] values;

        @Override
        public void initialize(OneOf constraint) {
            values = constraint.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || Arrays.asList(values).contains(value)) {
                return true;
            }
            return Requirement.refuse(context, "one of " + Arrays.stream(values).map(v -> "\"" + v + "\"")
                    .collect(Collectors.joining(", ")));
        }
    }
}
