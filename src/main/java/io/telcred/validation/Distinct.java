package io.telcred.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** No item listed twice; the refusal names the first repeated item by its index. Null passes. */
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Constraint(validatedBy = Distinct.Check.class)
public @interface Distinct {

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<Distinct, List<?>> {

        @Override
        public boolean isValid(List<?> value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            Set<Object> seen = new HashSet<>();
            for (int i = 0; i < value.size(); i++) {
                if (!seen.add(value.get(i))) {
                    context.disableDefaultConstraintViolation();
                    context.buildConstraintViolationWithTemplate(Requirement.template("a value not already listed"))
                            .addBeanNode().inIterable().atIndex(i).addConstraintViolation();
                    return false;
                }
            }
            return true;
        }
    }
}
