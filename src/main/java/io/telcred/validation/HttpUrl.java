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
import java.net.URI;
import java.net.URISyntaxException;

/** An absolute http or https URL with a host; the empty string means none (SDKs send it as the default). Null passes. */
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Constraint(validatedBy = HttpUrl.Check.class)
public @interface HttpUrl {

    int MAX_LENGTH = 2048;

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<HttpUrl, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || value.isEmpty()
                    || (value.length() <= MAX_LENGTH && Printable.is(value) && isHttpUrl(value))) {
                return true;
            }
            return Requirement.refuse(context, "an absolute http or https URL of at most " + MAX_LENGTH
                    + " characters, or an empty string");
        }

        private static boolean isHttpUrl(String text) {
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme();
                return scheme != null
                        && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                        && uri.getRawAuthority() != null
                        && !uri.getRawAuthority().isEmpty()
                        // getHost() is null when the authority is not a server name (e.g. "http://:80").
                        && uri.getHost() != null;
            } catch (URISyntaxException e) {
                return false;
            }
        }
    }
}
