package org.commitmentledger.kernel.validation;

import java.util.List;
import java.util.function.Consumer;

import jakarta.validation.ConstraintValidatorContext;
import org.commitmentledger.kernel.Input;
import org.commitmentledger.kernel.InvalidInputException;

/** Runs one of the ledger's existing checks and reports what it found as violations, word for word. */
final class Violations {

    private Violations() {
    }

    /** The problems {@code check} records on a fresh {@link Input}; empty when the value passed. */
    static List<InvalidInputException.FieldProblem> of(Consumer<Input> check) {
        Input input = Input.check();
        check.accept(input);
        try {
            input.done();
            return List.of();
        } catch (InvalidInputException e) {
            return e.problems();
        }
    }

    /** For a constraint on one field or parameter: its problems become violations of that field. */
    static boolean none(ConstraintValidatorContext context, Consumer<Input> check) {
        List<InvalidInputException.FieldProblem> problems = of(check);
        for (InvalidInputException.FieldProblem problem : problems) {
            add(context, problem.message(), null);
        }
        return problems.isEmpty();
    }

    /** For a constraint on a whole body: each problem becomes a violation of the field it names. */
    static boolean noneOnFields(ConstraintValidatorContext context, Consumer<Input> check) {
        List<InvalidInputException.FieldProblem> problems = of(check);
        for (InvalidInputException.FieldProblem problem : problems) {
            add(context, problem.message(), problem.field());
        }
        return problems.isEmpty();
    }

    static void add(ConstraintValidatorContext context, String message, String field) {
        context.disableDefaultConstraintViolation();
        var violation = context.buildConstraintViolationWithTemplate(literal(message));
        if (field == null) {
            violation.addConstraintViolation();
        } else {
            violation.addPropertyNode(field).addConstraintViolation();
        }
    }

    /**
     * A message template that interpolates to {@code message} itself. The messages quote what the client sent, and
     * an unescaped "{…}" or "${…}" in a template is a parameter or an expression to the interpolator.
     */
    static String literal(String message) {
        StringBuilder template = new StringBuilder(message.length() + 8);
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\\' || c == '{' || c == '}' || c == '$') {
                template.append('\\');
            }
            template.append(c);
        }
        return template.toString();
    }
}
