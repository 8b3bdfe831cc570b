package org.commitmentledger.kernel.validation;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.LocalDate;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A body's {@code periodEnd} is not before its {@code periodStart}; judged only when both are dates, which
 * {@link IsoDate} on each field says otherwise.
 */
@Documented
@Constraint(validatedBy = OrderedPeriod.Check.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface OrderedPeriod {

    String message() default "is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** A body with a period of whole days. */
    interface Bounded {

        String periodStart();

        String periodEnd();
    }

    class Check implements ConstraintValidator<OrderedPeriod, Bounded> {

        @Override
        public boolean isValid(Bounded body, ConstraintValidatorContext context) {
            return Violations.noneOnFields(context, input -> {
                LocalDate start = date(body.periodStart());
                LocalDate end = date(body.periodEnd());
                if (start != null && end != null && start.isAfter(end)) {
                    input.problem("periodEnd", "must not be before periodStart");
                }
            });
        }

        private static LocalDate date(String value) {
            LocalDate[] date = new LocalDate[1];
            return Violations.of(input -> date[0] = input.date("date", value)).isEmpty() ? date[0] : null;
        }
    }
}
