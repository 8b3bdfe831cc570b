package org.commitmentledger.kernel.validation;

import static java.lang.annotation.ElementType.TYPE;
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

/**
 * A body's {@code eurRate} fits its {@code currency} ({@code Money.rateFor}): absent or 1 for EUR, required (and a
 * rate of at most 6 integer and 10 fraction digits) for any other currency. Judged only once the currency itself is
 * valid: a rate for a currency that is not one says nothing. With {@link #currencyOptional()}, a body without
 * currency may not give a rate either.
 */
@Documented
@Constraint(validatedBy = EurRate.Check.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface EurRate {

    boolean currencyOptional() default false;

    String message() default "is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** A body with an amount in some currency. */
    interface Priced {

        String currency();

        BigDecimal eurRate();
    }

    class Check implements ConstraintValidator<EurRate, Priced> {

        private boolean currencyOptional;

        @Override
        public void initialize(EurRate constraint) {
            currencyOptional = constraint.currencyOptional();
        }

        @Override
        public boolean isValid(Priced body, ConstraintValidatorContext context) {
            String currency = body.currency();
            return Violations.noneOnFields(context, input -> {
                if (currency == null) {
                    if (currencyOptional && body.eurRate() != null) {
                        input.problem("eurRate", "may only be given together with currency");
                    }
                } else if (Violations.of(valid -> valid.currency("currency", currency)).isEmpty()) {
                    input.attempt(() -> Money.rateFor("currency", currency, "eurRate", body.eurRate()));
                }
            });
        }
    }
}
