package org.commitmentledger.kernel.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.regex.Pattern;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A pledge id, required: the lowercase UUID the ledger gave the pledge. */
@Documented
@Constraint(validatedBy = PledgeId.Check.class)
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
public @interface PledgeId {

    String message() default "is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<PledgeId, String> {

        private static final Pattern PLEDGE_ID =
                Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return Violations.none(context, input -> {
                if (value == null) {
                    input.problem("pledgeId", "is required");
                } else if (!PLEDGE_ID.matcher(value).matches()) {
                    input.problem("pledgeId", "is not a pledge id (a lowercase UUID)");
                }
            });
        }
    }
}
