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
import org.commitmentledger.kernel.Money;

/** A cost-share percent, required: 0 &lt; x ≤ 100 with at most 4 decimals ({@code Money.costShare}). */
@Documented
@Constraint(validatedBy = CostShare.Check.class)
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
public @interface CostShare {

    String message() default "is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Delegates to the rule the ledger has always applied, so its words stay the same. */
    class Check implements ConstraintValidator<CostShare, BigDecimal> {

        @Override
        public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
            return Violations.none(context, input -> input.attempt(() -> Money.costShare("costShare", value)));
        }
    }
}
