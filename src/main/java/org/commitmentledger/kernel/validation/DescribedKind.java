package org.commitmentledger.kernel.validation;

import static java.lang.annotation.ElementType.TYPE;
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
 * A body's {@code description} is given for one {@code kind} and only for it: required (not blank, at most
 * {@link #max()} characters) when the kind is {@link #kind()}, refused with any other kind or none. A kind that is
 * not a constant of {@link #kinds()} is its own field's error ({@link OneOf}), and then the description is not judged.
 */
@Documented
@Constraint(validatedBy = DescribedKind.Check.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface DescribedKind {

    Class<? extends Enum<?>> kinds();

    /** The kind that needs a description. */
    String kind();

    int max();

    /** The words when the description is missing for {@link #kind()}. */
    String whenMissing();

    /** The words when a description comes with another kind. */
    String whenOther();

    String message() default "is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** A body with a kind and its description. */
    interface Described {

        String kind();

        String description();
    }

    class Check implements ConstraintValidator<DescribedKind, Described> {

        private DescribedKind rule;
        private List<String> kinds;

        @Override
        public void initialize(DescribedKind constraint) {
            rule = constraint;
            kinds = Arrays.stream(constraint.kinds().getEnumConstants()).map(Enum::name).toList();
        }

        @Override
        public boolean isValid(Described body, ConstraintValidatorContext context) {
            String kind = body.kind();
            String description = body.description();
            return Violations.noneOnFields(context, input -> {
                if (kind != null && !kinds.contains(kind)) {
                    return;
                }
                if (!rule.kind().equals(kind)) {
                    if (description != null) {
                        input.problem("description", rule.whenOther());
                    }
                } else if (description == null || description.isBlank()) {
                    input.problem("description", rule.whenMissing());
                } else if (description.length() > rule.max()) {
                    input.problem("description", "is longer than " + rule.max() + " characters");
                } else {
                    input.text("description", description, true);
                }
            });
        }
    }
}
