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

/** An active ISO 4217 currency ({@code Money.currency}); required unless {@code required = false}. */
@Documented
@Constraint(validatedBy = CurrencyCode.Check.class)
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
public @interface CurrencyCode {

    boolean required() default true;

    String message() default "is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Delegates to the rule the ledger has always applied, so its words stay the same. */
    class Check implements ConstraintValidator<CurrencyCode, String> {

        private boolean required;

        @Override
        public void initialize(CurrencyCode constraint) {
            required = constraint.required();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null && !required) {
                return true;
            }
            return Violations.none(context, input -> input.currency("currency", value));
        }
    }
}
