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

/** Free text of at most 2000 characters, required (not blank) unless {@code required = false} ({@code Input.text}). */
@Documented
@Constraint(validatedBy = Text.Check.class)
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
public @interface Text {

    boolean required() default true;

    String message() default "is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Delegates to the rule the ledger has always applied, so its words stay the same. */
    class Check implements ConstraintValidator<Text, String> {

        private boolean required;

        @Override
        public void initialize(Text constraint) {
            required = constraint.required();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return Violations.none(context, input -> input.text("text", value, required));
        }
    }
}
