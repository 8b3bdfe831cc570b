package org.commitmentledger.kernel.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.List;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The name of a constant of {@link #value()}, exactly as declared: "must be MONEY or IN_KIND"; when required and
 * absent, "is required: REVISION or CORRECTION". A string, not the enum, so that an unknown name is a field error
 * in these words rather than Jackson's.
 */
@Documented
@Constraint(validatedBy = OneOf.Check.class)
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
public @interface OneOf {

    Class<? extends Enum<?>> value();

    boolean required() default false;

    String message() default "is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<OneOf, String> {

        private List<String> names;
        private boolean required;

        @Override
        public void initialize(OneOf constraint) {
            names = Arrays.stream(constraint.value().getEnumConstants()).map(Enum::name).toList();
            required = constraint.required();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return Violations.none(context, input -> {
                if (value == null) {
                    if (required) {
                        input.problem("", "is required: " + listed());
                    }
                } else if (!names.contains(value)) {
                    input.problem("", "must be " + listed());
                }
            });
        }

        /** "A or B", "A, B or C". */
        private String listed() {
            int last = names.size() - 1;
            return last == 0 ? names.get(0)
                    : String.join(", ", names.subList(0, last)) + " or " + names.get(last);
        }
    }
}
