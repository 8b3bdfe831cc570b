package org.commitmentledger.kernel.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Clock;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A write's optional {@code effectiveAt}: an instant as {@link IsoInstant} accepts, not after the server's clock
 * ({@code Input.effectiveAt}). Absent means now ({@link Accepted#effectiveAt}).
 */
@Documented
@Constraint(validatedBy = EffectiveAt.Check.class)
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
public @interface EffectiveAt {

    String message() default "is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Compares with the application's {@link Clock} bean, the one every write and read calls "now". */
    class Check implements ConstraintValidator<EffectiveAt, String> {

        private final Clock clock;

        /** Outside Spring, as in a plain {@code Validator}: the system clock. */
        public Check() {
            this(Clock.systemUTC());
        }

        @Autowired
        public Check(Clock clock) {
            this.clock = clock;
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return Violations.none(context, input -> input.effectiveAt(value, clock));
        }
    }
}
