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

/** A member code, required: an ISO 3166-1 alpha-3 code in upper case, as {@code Input.memberCode} checks it. */
@Documented
@Constraint(validatedBy = MemberCode.Check.class)
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
public @interface MemberCode {

    String message() default "is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Delegates to the rule the ledger has always applied, so its words stay the same. */
    class Check implements ConstraintValidator<MemberCode, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return Violations.none(context, input -> input.memberCode("member", value));
        }
    }
}
