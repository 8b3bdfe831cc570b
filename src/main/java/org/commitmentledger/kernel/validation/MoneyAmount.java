package org.commitmentledger.kernel.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.math.BigDecimal;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A money amount, required: positive, at most 18 integer and 6 fraction digits ({@code Money.amount}). */
@Documented
@Constraint(validatedBy = MoneyAmount.Check.class)
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
public @interface MoneyAmount {

    String message() default "is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Delegates to the rule the ledger has always applied, so its words stay the same. */
    class Check implements ConstraintValidator<MoneyAmount, BigDecimal> {

        @Override
        public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
            return Violations.none(context, input -> input.amount("amount", value));
        }
    }
}
