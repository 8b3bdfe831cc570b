package org.commitmentledger.kernel.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * An ISO-8601 instant with offset and at most millisecond precision ({@code Instants.parse}); required unless
 * {@code required = false}.
 */
@Documented
@Constraint(validatedBy = IsoInstant.Check.class)
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
public @interface IsoInstant {

    boolean required() default true;

    String message() default "is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Delegates to the rule the ledger has always applied, so its words stay the same. */
    class Check implements ConstraintValidator<IsoInstant, String> {

        private boolean required;

        @Override
        public void initialize(IsoInstant constraint) {
            required = constraint.required();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return Violations.none(context, input -> input.instant("instant", value, required));
        }
    }
}
